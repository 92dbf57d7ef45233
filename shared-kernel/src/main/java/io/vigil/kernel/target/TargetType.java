package io.vigil.kernel.target;

/** What kind of deployment target an agent runs on. */
public enum TargetType { DOCKER, KUBERNETES }
