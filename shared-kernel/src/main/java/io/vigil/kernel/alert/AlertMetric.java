package io.vigil.kernel.alert;

/** What an alert watches: a threshold on a host metric, or a deployment's status. */
public enum AlertMetric { DISK, CPU, MEMORY, DEPLOYMENT_STATUS }
