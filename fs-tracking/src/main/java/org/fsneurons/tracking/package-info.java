/**
 * MLflow tracking: one MLflow run per experiment over MLflow's REST API ({@code MlflowApi}: params, metrics, tags,
 * every call bounded by the tracking timeout) and MLflow's Python artifact CLI (killed after its own bound), a local
 * MLflow server started on demand from the project's virtual environment (installed on first use), and the spool
 * ({@code results/spool/}) that holds every run until it is FINISHED in MLflow: written before the upload, with the
 * MLflow run id as soon as it exists, uploaded by {@code ./fs sync} under a lock and without duplicates (tag
 * {@code fs.local_id}). Also the provenance recorded with each run (git commit, versions, host).
 */
package org.fsneurons.tracking;
