package io.spindle.shuffle.it;

import org.apache.hadoop.yarn.conf.YarnConfiguration;

/** The service loaded from the NodeManager's own classpath (this module's classes). */
class ShuffleServiceMiniYarnIT extends AbstractMiniYarnShuffleIT {
  @Override
  void configureService(YarnConfiguration conf) {
    conf.set("yarn.nodemanager.aux-services." + SERVICE + ".class", serviceClass().getName());
  }
}
