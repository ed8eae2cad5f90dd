package io.robovis.insight.insight;

/**
 * POST /v1/insights/analyze, as the contract shows it, plus an optional window ({@code from},
 * {@code to}: ISO-8601 instants or dates; default the last 7 days).
 */
public record AnalyzeRequest(
        String kind, String robotId, String ollamaUrl, String model, String from, String to) {}
