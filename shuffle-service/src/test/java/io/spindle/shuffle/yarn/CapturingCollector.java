package io.spindle.shuffle.yarn;

import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.metrics2.AbstractMetric;
import org.apache.hadoop.metrics2.MetricsCollector;
import org.apache.hadoop.metrics2.MetricsInfo;
import org.apache.hadoop.metrics2.MetricsRecordBuilder;
import org.apache.hadoop.metrics2.MetricsTag;

/** Collects the numbers a metrics2 source publishes, by metric name. */
final class CapturingCollector extends MetricsRecordBuilder implements MetricsCollector {
  final Map<String, Number> values = new HashMap<>();

  @Override
  public MetricsRecordBuilder addRecord(String name) {
    return this;
  }

  @Override
  public MetricsRecordBuilder addRecord(MetricsInfo info) {
    return this;
  }

  @Override
  public MetricsRecordBuilder tag(MetricsInfo info, String value) {
    return this;
  }

  @Override
  public MetricsRecordBuilder add(MetricsTag tag) {
    return this;
  }

  @Override
  public MetricsRecordBuilder add(AbstractMetric metric) {
    values.put(metric.name(), metric.value());
    return this;
  }

  @Override
  public MetricsRecordBuilder setContext(String value) {
    return this;
  }

  @Override
  public MetricsRecordBuilder addCounter(MetricsInfo info, int value) {
    values.put(info.name(), value);
    return this;
  }

  @Override
  public MetricsRecordBuilder addCounter(MetricsInfo info, long value) {
    values.put(info.name(), value);
    return this;
  }

  @Override
  public MetricsRecordBuilder addGauge(MetricsInfo info, int value) {
    values.put(info.name(), value);
    return this;
  }

  @Override
  public MetricsRecordBuilder addGauge(MetricsInfo info, long value) {
    values.put(info.name(), value);
    return this;
  }

  @Override
  public MetricsRecordBuilder addGauge(MetricsInfo info, float value) {
    values.put(info.name(), value);
    return this;
  }

  @Override
  public MetricsRecordBuilder addGauge(MetricsInfo info, double value) {
    values.put(info.name(), value);
    return this;
  }

  @Override
  public MetricsCollector parent() {
    return this;
  }
}
