/**
 * MLflow tracking: one MLflow run per experiment over MLflow's REST API ({@code MlflowApi}: params,
 * metrics, tags, dataset inputs, every call bounded by the tracking timeout), artifacts copied or
 * PUT from Java (MLflow's Python artifact CLI only for other stores, killed after its own bound),
 * ONNX files logged as MLflow models that {@code mlflow models serve} serves ({@code
 * log_models.py}), parent/child runs ({@code mlflow.parentRunId}), a local MLflow server started on
 * demand from the project's virtual environment (installed on first use) or kept running by {@code
 * ./fs mlflow start} ({@code BackgroundServer}, reused by every tracked command), and the spool
 * ({@code results/spool/}) that holds every run until it is FINISHED in MLflow: written before the
 * upload, with the MLflow run id as soon as it exists, uploaded by {@code ./fs sync} under a lock
 * and without duplicates (tag {@code fs.local_id}). Also the provenance recorded with each run (git
 * commit, versions, host).
 */
package org.fsneurons.tracking;
