package io.fleetlearn.aggregation.privacy;

/**
 * What one round of {@link DpFedAvg} did, for the operator's logs. Only {@code spent} is safe to
 * publish: the counts are exact functions of who took part and are not differentially private.
 *
 * @param round the round
 * @param participants how many updates were accepted and folded
 * @param clipped how many of them had norm above S and were scaled down
 * @param refused how many updates were refused
 * @param spent the guarantee of every round released so far, this one included
 */
public record DpRoundReport(
    long round, int participants, int clipped, int refused, PrivacySpent spent) {}
