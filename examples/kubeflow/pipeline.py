"""A Kubeflow Pipelines (v2) pipeline that distils Fashion-MNIST with Distillery.

One step, the Distillation component (distillation-component.yaml): it creates a Distillation in
the run's namespace, waits for it, and hands on the best student's artifact URI, its test accuracy
and the report's URI as the pipeline's outputs. Compile it with the kfp SDK:

    python examples/kubeflow/pipeline.py distil.yaml   # then upload distil.yaml to Kubeflow

test_pipeline.py compiles it with the real kfp SDK (kfp 2.17.3) and checks the result.
"""

import sys
from pathlib import Path
from typing import NamedTuple

from kfp import compiler, components, dsl

HERE = Path(__file__).resolve().parent
distillation = components.load_component_from_file(str(HERE / "distillation-component.yaml"))


@dsl.pipeline(
    name="distil-fashion-mnist",
    description="Distil a CNN ensemble teacher into a tiny CNN and an MLP, with scratch twins.",
)
def distil(
    name: str = "kfp-fashion-mnist",
    storage_uri: str = "s3://distillery/kfp",
    storage_endpoint: str = "",
    credentials_secret: str = "",
    dataset_limit: str = "2000",
    resources: str = "",
    pod: str = "",
) -> NamedTuple("Outputs", [("best_artifact", str), ("accuracy", float), ("report", str)]):
    run = distillation(
        name=name,
        teacher_model="cnn:16,32",
        students='[{"name": "cnn-tiny", "model": "cnn:4,8;head=32", "temperature": 2, "alpha": 0.9},'
        ' {"name": "mlp", "model": "mlp:64", "temperature": 2, "alpha": 0.9}]',
        dataset="fashion-mnist",
        dataset_limit=dataset_limit,
        storage_uri=storage_uri,
        storage_endpoint=storage_endpoint,
        credentials_secret=credentials_secret,
        resources=resources,
        pod=pod,
        timeout="2h",
    )
    outputs = NamedTuple("Outputs", [("best_artifact", str), ("accuracy", float), ("report", str)])
    return outputs(
        run.outputs["best_artifact"], run.outputs["accuracy"], run.outputs["report"]
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: pipeline.py OUTPUT.yaml")
    compiler.Compiler().compile(distil, sys.argv[1])
