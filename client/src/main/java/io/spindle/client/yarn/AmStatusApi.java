package io.spindle.client.yarn;

import io.spindle.status.StageData;
import io.spindle.status.StatusJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Reads the running stages from the AM's status API ({@code /api/v1/applications/<id>/stages?status=active},
 * docs/ui.md) through the application's tracking URL, which is the ResourceManager's web proxy.
 */
final class AmStatusApi {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  private AmStatusApi() {}

  static List<StageData> activeStages(String trackingUrl, String appId) throws IOException {
    String base = trackingUrl.startsWith("http") ? trackingUrl : "http://" + trackingUrl;
    URI uri = URI.create(base.replaceAll("/+$", "") + "/api/v1/applications/" + appId + "/stages?status=active");
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException(uri + " answered " + r.statusCode());
      }
      return StatusJson.parseStages(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
