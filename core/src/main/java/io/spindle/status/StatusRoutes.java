package io.spindle.status;

import java.util.List;

/**
 * Maps a request path to a response: / (HTML) and Spark's REST paths
 * /api/v1/applications[/&lt;appId&gt;[/jobs[/&lt;jobId&gt;] | /stages[/&lt;stageId&gt;] | /executors | /allexecutors]].
 */
final class StatusRoutes {
  static final String API = "/api/v1/applications";

  record Response(int code, String contentType, String body) {
    static Response json(String body) {
      return new Response(200, "application/json; charset=utf-8", body);
    }

    static Response text(int code, String body) {
      return new Response(code, "text/plain; charset=utf-8", body + "\n");
    }
  }

  private StatusRoutes() {}

  static final java.util.Set<String> JOB_STATUSES = java.util.Set.of("RUNNING", "SUCCEEDED", "FAILED");
  static final java.util.Set<String> STAGE_STATUSES = java.util.Set.of("ACTIVE", "COMPLETE", "FAILED");

  static Response route(String path, AppStatusListener status) {
    return route(path, null, status);
  }

  /** {@code query} may hold {@code status=…} (repeatable, any case), Spark's filter of jobs and stages. */
  static Response route(String path, String query, AppStatusListener status) {
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (p.isEmpty() || p.equals("/")) {
      return new Response(200, "text/html; charset=utf-8", StatusPage.render(status));
    }
    if (p.equals(API)) {
      return Response.json(StatusJson.applications(List.of(status.application())));
    }
    if (!p.startsWith(API + "/")) {
      return notFound(p);
    }
    String[] parts = p.substring(API.length() + 1).split("/");
    if (!parts[0].equals(status.applicationId())) {
      return Response.text(404, "unknown app: " + parts[0] + " (this server shows " + status.applicationId() + ")");
    }
    if (parts.length == 1) {
      return Response.json(StatusJson.application(status.application()));
    }
    String what = parts[1];
    Integer id = parts.length == 3 ? parseId(parts[2]) : null;
    if (parts.length > 3 || (parts.length == 3 && id == null)) {
      return notFound(p);
    }
    switch (what) {
      case "jobs" -> {
        if (id == null) {
          java.util.Set<String> wanted = statusFilter(query);
          if (!JOB_STATUSES.containsAll(wanted)) {
            return Response.text(400, "status must be one of " + new java.util.TreeSet<>(JOB_STATUSES) + ", not " + wanted);
          }
          return Response.json(StatusJson.jobs(status.jobs().stream()
              .filter(j -> wanted.isEmpty() || wanted.contains(j.status())).toList()));
        }
        for (JobData j : status.jobs()) {
          if (j.jobId() == id) {
            return Response.json(StatusJson.job(j));
          }
        }
        return Response.text(404, "unknown job: " + id);
      }
      case "stages" -> {
        java.util.Set<String> wanted = statusFilter(query);
        if (!STAGE_STATUSES.containsAll(wanted)) {
          return Response.text(400, "status must be one of " + new java.util.TreeSet<>(STAGE_STATUSES) + ", not " + wanted);
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
      case "executors", "allexecutors" -> {
        if (id != null) {
          return notFound(p);
        }
        return Response.json(StatusJson.executors(status.executors(what.equals("allexecutors"))));
      }
      default -> {
        return notFound(p);
      }
    }
  }

  private static java.util.Set<String> statusFilter(String query) {
    java.util.Set<String> wanted = new java.util.HashSet<>();
    if (query != null) {
      for (String param : query.split("&")) {
        if (param.regionMatches(true, 0, "status=", 0, 7)) {
          wanted.add(param.substring(7).toUpperCase(java.util.Locale.ROOT));
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
        + "/<appId>/{jobs,stages,executors,allexecutors}");
  }
}
