/**
 * MLflow tracking: one MLflow run per experiment through the Java client (params, metrics, tags over REST; artifacts
 * through MLflow's Python artifact CLI), a local MLflow server started on demand from the project's virtual
 * environment, and the spool ({@code results/spool/}) that keeps every run the server did not receive until
 * {@code ./fs sync} uploads it. Also the provenance recorded with each run (git commit, versions, host).
 */
package org.fsneurons.experiments.tracking;
