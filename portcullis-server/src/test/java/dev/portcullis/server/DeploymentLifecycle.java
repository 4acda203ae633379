package dev.portcullis.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenarios written once and run on several deployments: a concrete class names its deployment in
 * {@link #start()}, which runs once before its tests; the deployment is closed after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeploymentLifecycle {
  private Deployment deployment;

  /** The deployment the scenarios of this class run on. */
  protected abstract Deployment start() throws Exception;

  @BeforeAll
  void startDeployment() throws Exception {
    deployment = start();
  }

  @AfterAll
  void closeDeployment() {
    if (deployment != null) {
      deployment.close();
    }
  }

  protected Deployment deployment() {
    return deployment;
  }
}
