package io.spindle.status;

/** The application as /api/v1/applications lists it; {@code endTime} is -1 while it runs. */
public record ApplicationInfo(String id, String name, long startTime, long endTime, String user, boolean completed) {}
