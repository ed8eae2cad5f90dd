package io.robovis.robot.ingest;

import tools.jackson.databind.JsonNode;

/** One event of a request: parsed for validation, and its bytes as sent, published unchanged. */
record RawEvent(JsonNode node, byte[] bytes) {}
