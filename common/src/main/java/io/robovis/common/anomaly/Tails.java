package io.robovis.common.anomaly;

/**
 * Tail probabilities as scores on one scale: a rate's surprise (a Poisson or binomial tail) is
 * turned into the standard-normal deviation with the same upper tail, so that every signal's score
 * reads like a z-score and shares the same thresholds.
 */
final class Tails {

    private static final int TABLE = 1024;
    private static final double[] LOG_FACTORIAL = new double[TABLE];

    static {
        for (int i = 1; i < TABLE; i++) {
            LOG_FACTORIAL[i] = LOG_FACTORIAL[i - 1] + Math.log(i);
        }
    }

    private Tails() {}

    static double logFactorial(int n) {
        if (n < TABLE) {
            return LOG_FACTORIAL[n];
        }
        double x = n + 1.0; // Stirling's series for ln Γ(x)
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x);
    }

    /** ln P(X ≥ k) for X ~ Poisson(mean); 0 (probability 1) when k ≤ 0. */
    static double logPoissonUpper(int k, double mean) {
        if (k <= 0) {
            return 0;
        }
        if (mean <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double logMean = Math.log(mean);
        if (k <= mean) { // the tail is large: 1 - P(X < k)
            double below = 0;
            for (int i = 0; i < k; i++) {
                below += Math.exp(-mean + i * logMean - logFactorial(i));
            }
            return Math.log(Math.max(1e-300, 1 - below));
        }
        // the tail is small: sum its terms in log space from k on, while they still count
        double first = -mean + k * logMean - logFactorial(k);
        double sum = 1;
        double term = 1;
        for (int i = k + 1; i < k + 500; i++) {
            term *= mean / i;
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return first + Math.log(sum);
    }

    /** ln P(X ≥ k) for X ~ Binomial(n, p); 0 when k ≤ 0. */
    static double logBinomialUpper(int k, int n, double p) {
        if (k <= 0) {
            return 0;
        }
        if (k > n || p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return 0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[Math.min(n - k + 1, 2000)];
        for (int i = 0; i < terms.length; i++) {
            int x = k + i;
            terms[i] =
                    logFactorial(n)
                            - logFactorial(x)
                            - logFactorial(n - x)
                            + x * logP
                            + (n - x) * logQ;
            max = Math.max(max, terms[i]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return Math.min(0, max + Math.log(sum));
    }

    /**
     * The z with the same upper tail as {@code ln p} (p ≤ 0.5; 0 above), to within 5e-4 (Abramowitz
     * and Stegun 26.2.23), computed from the logarithm so that tiny tails do not underflow.
     */
    static double zOfLogTail(double logP) {
        if (logP >= Math.log(0.5)) {
            return 0;
        }
        double t = Math.sqrt(-2 * logP);
        return t
                - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                        / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
    }
}
