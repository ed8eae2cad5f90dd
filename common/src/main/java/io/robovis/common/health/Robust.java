package io.robovis.common.health;

import java.util.Arrays;

/** Robust estimators: medians and the Theil–Sen slope, insensitive to a few odd points. */
public final class Robust {

    /** The median of the values (NaN when there are none). */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * The Theil–Sen line through the points: slope is the median of the slopes between every pair
     * of points, intercept the median of y − slope·x. Null with fewer than 3 points.
     */
    public static Line theilSen(double[] x, double[] y) {
        int n = x.length;
        if (n < 3) {
            return null;
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] != x[i]) {
                    slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        if (k == 0) {
            return null;
        }
        double slope = median(Arrays.copyOf(slopes, k));
        double[] intercepts = new double[n];
        for (int i = 0; i < n; i++) {
            intercepts[i] = y[i] - slope * x[i];
        }
        return new Line(slope, median(intercepts));
    }

    /** y = intercept + slope·x. */
    public record Line(double slope, double intercept) {
        public double at(double x) {
            return intercept + slope * x;
        }
    }

    private Robust() {}
}
