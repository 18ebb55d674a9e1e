package io.spindle.client.yarn;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of where a submission's time goes, logged as one {@code Timeline:} INFO line
 * when the application has ended (epoch ms, in the order reached): this JVM's start, the steps up
 * to submitApplication returning, the ResourceManager's own start and finish times from the final
 * report, and when the client saw the end. bench/yarn-submit.sh joins it with the AM's line.
 */
final class SubmitTimeline {
  private static final Logger LOG = LoggerFactory.getLogger(SubmitTimeline.class);

  private final Map<String, Long> marks = new LinkedHashMap<>();

  SubmitTimeline() {
    marks.put("clientJvmStart", ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /** Records that {@code milestone} was reached now. */
  void mark(String milestone) {
    marks.put(milestone, System.currentTimeMillis());
  }

  void ended(ApplicationReport last) {
    mark("endSeen");
    StringBuilder s = new StringBuilder("Timeline:");
    marks.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
    if (last != null) { // launchTime is when the RM accepted it, not the AM's launch: left out
      s.append(" rmStart=").append(last.getStartTime()).append(" rmFinish=").append(last.getFinishTime());
    }
    LOG.info("{}", s);
  }
}
