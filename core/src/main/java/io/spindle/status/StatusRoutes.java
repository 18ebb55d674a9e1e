package io.spindle.status;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paths the status servlet answers: / (HTML: the application list on a history server, else
 * the application's page), /history/&lt;appId&gt;/ (one application's page on a history server) and
 * Spark's REST API under /api/v1/applications — [/&lt;appId&gt;[/&lt;attemptId&gt;][/jobs[/&lt;jobId&gt;] |
 * /stages[/&lt;stageId&gt;[/&lt;attempt&gt;[/taskList | /taskSummary]]] | /executors | /allexecutors |
 * /storage/rdd[/&lt;rddId&gt;] | /environment]]. Without an attempt id the newest attempt answers;
 * {@code /<appId>/<attemptId>} alone is that attempt's summary.
 */
final class StatusRoutes {
  static final String API = "/api/v1/applications";
  static final String HISTORY = "/history/";

  record Response(int code, String contentType, String body) {
    static Response json(JsonNode body) {
      return new Response(200, "application/json; charset=utf-8", StatusJson.write(body));
    }

    static Response html(String body) {
      return new Response(200, "text/html; charset=utf-8", body);
    }

    static Response text(int code, String body) {
      return new Response(code, "text/plain; charset=utf-8", body + "\n");
    }
  }

  private StatusRoutes() {}

  static final Set<String> JOB_STATUSES = Set.of("RUNNING", "SUCCEEDED", "FAILED");
  static final Set<String> STAGE_STATUSES = Set.of("ACTIVE", "COMPLETE", "FAILED");
  /** What may follow {@code /applications/<appId>/}; anything else there is an attempt id. */
  static final Set<String> RESOURCES = Set.of("jobs", "stages", "executors", "allexecutors", "storage",
      "environment");

  /** {@code query} may hold {@code status=…} (repeatable, any case), Spark's filter of jobs and stages. */
  static Response route(String path, String query, StatusSource source) {
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (p.isEmpty() || p.equals("/")) {
      List<ApplicationInfo> apps = source.applications();
      if (apps.size() == 1 && source.application(apps.get(0).id()) != null && !isHistory(source)) {
        return Response.html(StatusPage.render(source.application(apps.get(0).id()), ""));
      }
      return Response.html(StatusPage.applicationList(apps));
    }
    if (p.startsWith(HISTORY)) {
      String[] rest = p.substring(HISTORY.length()).split("/", 2);
      AppStatusListener status = source.application(rest[0]);
      if (status == null) {
        return Response.text(404, "unknown app: " + rest[0]);
      }
      return rest.length == 1 ? Response.html(StatusPage.render(status, "../../"))
          : page("/" + rest[1], query, status, "../../../../");
    }
    if (p.equals("/jobs/job") || p.equals("/stages/stage")) {
      List<ApplicationInfo> apps = source.applications();
      AppStatusListener status = apps.size() == 1 ? source.application(apps.get(0).id()) : null;
      return status == null ? notFound(p) : page(p, query, status, "../../");
    }
    if (p.equals(API)) {
      return Response.json(StatusJson.applications(source.applications()));
    }
    if (!p.startsWith(API + "/")) {
      return notFound(p);
    }
    String[] parts = p.substring(API.length() + 1).split("/");
    AppStatusListener status = source.application(parts[0]);
    if (status == null) {
      return Response.text(404, "unknown app: " + parts[0]);
    }
    if (parts.length == 1) {
      return Response.json(StatusJson.application(status.application()));
    }
    if (!RESOURCES.contains(parts[1])) { // Spark's /applications/<appId>/<attemptId>[/<resource>...]
      status = source.application(parts[0], parts[1]);
      if (status == null) {
        return Response.text(404, "unknown attempt: " + parts[0] + "/" + parts[1]);
      }
      if (parts.length == 2) {
        return Response.json(StatusJson.attempt(status.application()));
      }
      String[] withoutAttempt = new String[parts.length - 1];
      withoutAttempt[0] = parts[0];
      System.arraycopy(parts, 2, withoutAttempt, 1, parts.length - 2);
      parts = withoutAttempt;
    }
    return switch (parts[1]) {
      case "jobs" -> jobs(p, parts, query, status);
      case "stages" -> stages(p, parts, query, status);
      case "executors", "allexecutors" -> parts.length == 2
          ? Response.json(StatusJson.executors(status.executors(parts[1].equals("allexecutors")), java.util.Map.of()))
          : notFound(p);
      case "storage" -> storage(p, parts, status);
      case "environment" -> parts.length == 2 ? Response.json(StatusJson.environment(status.environment())) : notFound(p);
      default -> notFound(p);
    };
  }

  /** The job page ({@code /jobs/job/?id=}) and stage page ({@code /stages/stage/?id=&attempt=}), Spark's paths. */
  private static Response page(String p, String query, AppStatusListener status, String root) {
    Integer id = param(query, "id") == null ? null : parseId(param(query, "id"));
    if (id == null) {
      return Response.text(400, p + " needs ?id=<number>");
    }
    String html = switch (p) {
      case "/jobs/job" -> StatusPage.jobPage(status, id, root);
      case "/stages/stage" -> StatusPage.stagePage(status, id, intParam(query, "attempt", 0), root);
      default -> "";
    };
    if (html != null && html.isEmpty()) {
      return notFound(p);
    }
    return html == null ? Response.text(404, "unknown " + p.substring(p.lastIndexOf('/') + 1) + ": " + id)
        : Response.html(html);
  }

  private static boolean isHistory(StatusSource source) {
    return source instanceof HistorySource;
  }

  private static Response jobs(String p, String[] parts, String query, AppStatusListener status) {
    if (parts.length > 3) {
      return notFound(p);
    }
    if (parts.length == 2) {
      Set<String> wanted = statusFilter(query);
      if (!JOB_STATUSES.containsAll(wanted)) {
        return Response.text(400, "status must be one of " + new TreeSet<>(JOB_STATUSES) + ", not " + wanted);
      }
      return Response.json(StatusJson.jobs(status.jobs().stream()
          .filter(j -> wanted.isEmpty() || wanted.contains(j.status())).toList()));
    }
    Integer id = parseId(parts[2]);
    if (id == null) {
      return notFound(p);
    }
    for (JobData j : status.jobs()) {
      if (j.jobId() == id) {
        return Response.json(StatusJson.job(j));
      }
    }
    return Response.text(404, "unknown job: " + id);
  }

  private static Response stages(String p, String[] parts, String query, AppStatusListener status) {
    Integer id = parts.length >= 3 ? parseId(parts[2]) : null;
    Integer attempt = parts.length >= 4 ? parseId(parts[3]) : null;
    if (parts.length > 5 || (parts.length >= 3 && id == null) || (parts.length >= 4 && attempt == null)) {
      return notFound(p);
    }
    if (attempt != null) {
      StageData stage = status.stage(id, attempt);
      List<TaskData> tasks = status.tasks(id, attempt);
      if (stage == null || tasks == null) {
        return Response.text(404, "unknown stage attempt: " + id + "/" + attempt);
      }
      if (parts.length == 4) {
        return Response.json(StatusJson.stageWithTasks(stage, tasks));
      }
      return switch (parts[4]) {
        case "taskList" -> Response.json(StatusJson.tasks(page(tasks, query)));
        case "taskSummary" -> Response.json(StatusJson.taskSummary(tasks, quantiles(query)));
        default -> notFound(p);
      };
    }
    Set<String> wanted = statusFilter(query);
    if (!STAGE_STATUSES.containsAll(wanted)) {
      return Response.text(400, "status must be one of " + new TreeSet<>(STAGE_STATUSES) + ", not " + wanted);
    }
    List<StageData> stages = status.stages().stream()
        .filter(st -> wanted.isEmpty() || wanted.contains(st.status())).toList();
    if (id != null) {
      stages = stages.stream().filter(s -> s.stageId() == id).toList();
      if (stages.isEmpty()) {
        return Response.text(404, "unknown stage: " + id);
      }
    }
    return Response.json(StatusJson.stages(stages));
  }

  private static Response storage(String p, String[] parts, AppStatusListener status) {
    if (parts.length < 3 || !parts[2].equals("rdd") || parts.length > 4) {
      return notFound(p);
    }
    List<RddStorage> rdds = status.rddStorage();
    if (parts.length == 3) {
      return Response.json(StatusJson.rdds(rdds));
    }
    Integer id = parseId(parts[3]);
    for (RddStorage r : rdds) {
      if (id != null && r.id() == id) {
        return Response.json(StatusJson.rdd(r));
      }
    }
    return Response.text(404, "unknown cached rdd: " + parts[3]);
  }

  /** Spark's offset/length paging of taskList (default: the first 20, by task id). */
  private static List<TaskData> page(List<TaskData> tasks, String query) {
    int offset = Math.max(0, intParam(query, "offset", 0));
    int length = Math.max(0, intParam(query, "length", 20));
    List<TaskData> sorted = tasks.stream().sorted(java.util.Comparator.comparingLong(TaskData::taskId)).toList();
    return sorted.subList(Math.min(offset, sorted.size()), Math.min(sorted.size(), offset + length));
  }

  private static double[] quantiles(String query) {
    String q = param(query, "quantiles");
    if (q == null) {
      return StatusJson.DEFAULT_QUANTILES;
    }
    try {
      return java.util.Arrays.stream(q.split(",")).mapToDouble(Double::parseDouble)
          .filter(d -> d >= 0 && d <= 1).toArray();
    } catch (NumberFormatException e) {
      return StatusJson.DEFAULT_QUANTILES;
    }
  }

  private static int intParam(String query, String name, int fallback) {
    Integer v = param(query, name) == null ? null : parseId(param(query, name));
    return v == null ? fallback : v;
  }

  private static String param(String query, String name) {
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith(name + "=")) {
          return java.net.URLDecoder.decode(kv.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  private static Set<String> statusFilter(String query) {
    Set<String> wanted = new HashSet<>();
    if (query != null) {
      for (String param : query.split("&")) {
        if (param.regionMatches(true, 0, "status=", 0, 7)) {
          wanted.add(param.substring(7).toUpperCase(Locale.ROOT));
        }
      }
    }
    return wanted;
  }

  private static Integer parseId(String s) {
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Response notFound(String path) {
    return Response.text(404, "no such page: " + path + "; try / or " + API
        + "/<appId>/{jobs,stages,executors,allexecutors,storage/rdd,environment}");
  }
}
