"""Logs ONNX files to an MLflow run as MLflow models (run by MlflowTracker with the project's Python).

usage: log_models.py RUN_ID NAME=FILE.onnx [NAME=FILE.onnx ...]   (MLFLOW_TRACKING_URI from the environment)

Each model is saved with mlflow.onnx.save_model (MLmodel with the onnx and python_function flavors, model.onnx,
requirements and python_env files, and a tensor signature read from the graph, so that a served model casts JSON
numbers to the graph's types), uploaded under the artifact path NAME, and recorded in the run's
mlflow.log-model.history tag, as mlflow.onnx.log_model does.
"""
import os
import sys
import tempfile

import mlflow.onnx
import numpy as np
import onnx
from mlflow.models import Model, ModelSignature
from mlflow.tracking import MlflowClient
from mlflow.types.schema import Schema, TensorSpec


def _specs(values):
    specs = []
    for v in values:
        t = v.type.tensor_type
        dtype = np.dtype(onnx.helper.tensor_dtype_to_np_dtype(t.elem_type))
        shape = tuple(d.dim_value if d.HasField("dim_value") else -1 for d in t.shape.dim)
        specs.append(TensorSpec(dtype, shape, v.name))
    return Schema(specs)


def _signature(model):
    initializers = {i.name for i in model.graph.initializer}
    inputs = [v for v in model.graph.input if v.name not in initializers]
    return ModelSignature(inputs=_specs(inputs), outputs=_specs(model.graph.output))


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    run_id = argv[1]
    client = MlflowClient()
    for spec in argv[2:]:
        name, path = spec.split("=", 1)
        model = onnx.load(path)
        with tempfile.TemporaryDirectory(prefix="fs-mlflow-model-") as tmp:
            local = os.path.join(tmp, name)
            mlflow.onnx.save_model(model, local, signature=_signature(model), save_as_external_data=False)
            client.log_artifacts(run_id, local, artifact_path=name)
            logged = Model.load(local)
            logged.run_id = run_id
            logged.artifact_path = name
            client._record_logged_model(run_id, logged)
        print("logged model %s from %s" % (name, path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
