package io.spindle.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spindle.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two YARN attempts of one application, logged as Spark names them on YARN ({@code <appId>_1},
 * {@code <appId>_2.inprogress}): the history server lists one application with both attempts,
 * newest first, each with its {@code attemptId}, and serves the newest attempt's pages.
 */
class HistoryAttemptsTest {
  private static final String APP = "application_1700000000000_0007";

  @TempDir
  Path dir;

  @Test
  void attemptsOfOneApplicationAreListedUnderItNewestFirst() throws Exception {
    Files.writeString(dir.resolve(APP + "_1"), String.join("\n",
        "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.0\"}",
        "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"sum\",\"App ID\":\"" + APP + "\","
            + "\"Timestamp\":1000,\"User\":\"alice\",\"App Attempt ID\":\"1\"}",
        "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":5000}", ""));
    Files.writeString(dir.resolve(APP + "_2.inprogress"), String.join("\n",
        "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"3.5.0\"}",
        "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"sum\",\"App ID\":\"" + APP + "\","
            + "\"Timestamp\":9000,\"User\":\"alice\",\"App Attempt ID\":\"2\"}", ""));
    Files.writeString(dir.resolve("local-1-abc"), String.join("\n",
        "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"local\",\"App ID\":\"local-1-abc\","
            + "\"Timestamp\":500,\"User\":\"bob\"}",
        "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":700}", ""));
    HistorySource history = new HistorySource(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(dir.toUri()), new Settings(false));
    assertEquals(3, history.scan());

    JsonNode apps = new ObjectMapper().readTree(StatusJson.write(StatusJson.applications(history.applications())));
    assertEquals(2, apps.size(), apps.toString());
    JsonNode yarnApp = apps.get(0);
    assertEquals(APP, yarnApp.get("id").asText());
    JsonNode attempts = yarnApp.get("attempts");
    assertEquals(2, attempts.size(), attempts.toString());
    assertEquals("2", attempts.get(0).get("attemptId").asText());
    assertFalse(attempts.get(0).get("completed").asBoolean(), "attempt 2 still runs (.inprogress)");
    assertEquals("1", attempts.get(1).get("attemptId").asText());
    assertTrue(attempts.get(1).get("completed").asBoolean());
    assertEquals(4000, attempts.get(1).get("duration").asLong());
    JsonNode local = apps.get(1);
    assertEquals("local-1-abc", local.get("id").asText());
    assertFalse(local.get("attempts").get(0).has("attemptId"), "no attempt outside YARN, as Spark");

    assertEquals("2", history.application(APP).application().attemptId(), "the pages show the newest attempt");
    String page = StatusPage.applicationList(history.applications());
    assertTrue(page.contains("<th>Attempt ID</th>") && page.contains("<td>1</td>") && page.contains("<td>2</td>"),
        page);
  }

  /**
   * Spark's per-attempt REST paths: {@code /applications/<appId>/<attemptId>/jobs} answers from that
   * attempt's log (attempt 1 ran two jobs, attempt 2 one), {@code /<appId>/jobs} from the newest, and
   * {@code /<appId>/<attemptId>} is the attempt's summary; an unknown attempt is a 404 naming it.
   */
  @Test
  void eachAttemptAnswersItsOwnRestPaths() throws Exception {
    Files.writeString(dir.resolve(APP + "_1"), String.join("\n",
        "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"sum\",\"App ID\":\"" + APP + "\","
            + "\"Timestamp\":1000,\"User\":\"alice\",\"App Attempt ID\":\"1\"}",
        job(0, 1100), job(1, 1300),
        "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":5000}", ""));
    Files.writeString(dir.resolve(APP + "_2"), String.join("\n",
        "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":\"sum\",\"App ID\":\"" + APP + "\","
            + "\"Timestamp\":9000,\"User\":\"alice\",\"App Attempt ID\":\"2\"}",
        job(0, 9100),
        "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":9900}", ""));
    HistorySource history = new HistorySource(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(dir.toUri()), new Settings(false));
    assertEquals(2, history.scan());
    ObjectMapper json = new ObjectMapper();
    String api = StatusRoutes.API + "/" + APP;

    assertEquals(2, json.readTree(StatusRoutes.route(api + "/1/jobs", null, history).body()).size());
    assertEquals(1, json.readTree(StatusRoutes.route(api + "/2/jobs", null, history).body()).size());
    assertEquals(1, json.readTree(StatusRoutes.route(api + "/jobs", null, history).body()).size(),
        "without an attempt id, the newest attempt answers");
    JsonNode job1 = json.readTree(StatusRoutes.route(api + "/1/jobs/1", null, history).body());
    assertEquals(1, job1.get("jobId").asInt());
    assertEquals(404, StatusRoutes.route(api + "/2/jobs/1", null, history).code(), "attempt 2 ran no job 1");
    JsonNode attempt1 = json.readTree(StatusRoutes.route(api + "/1", null, history).body());
    assertEquals("1", attempt1.get("attemptId").asText());
    assertEquals(4000, attempt1.get("duration").asLong());
    StatusRoutes.Response unknown = StatusRoutes.route(api + "/3/jobs", null, history);
    assertEquals(404, unknown.code());
    assertTrue(unknown.body().contains("unknown attempt: " + APP + "/3"), unknown.body());
  }

  private static String job(int id, long at) {
    return "{\"Event\":\"SparkListenerJobStart\",\"Job ID\":" + id + ",\"Submission Time\":" + at
        + ",\"Stage Infos\":[],\"Stage IDs\":[],\"Properties\":{}}\n"
        + "{\"Event\":\"SparkListenerJobEnd\",\"Job ID\":" + id + ",\"Completion Time\":" + (at + 100)
        + ",\"Job Result\":{\"Result\":\"JobSucceeded\"}}";
  }
}
