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

  static Response route(String path, AppStatusListener status) {
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
          return Response.json(StatusJson.jobs(status.jobs()));
        }
        for (JobData j : status.jobs()) {
          if (j.jobId() == id) {
            return Response.json(StatusJson.job(j));
          }
        }
        return Response.text(404, "unknown job: " + id);
      }
      case "stages" -> {
        List<StageData> stages = status.stages();
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
