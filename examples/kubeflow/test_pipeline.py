"""The Kubeflow example compiled with the real kfp SDK: the component's inputs, outputs and
executor, and the pipeline that uses it. Run by examples/kubeflow/test (kfp 2.17.3 in a venv)."""

import tempfile
import unittest
from pathlib import Path

import yaml
from kfp import compiler

import pipeline

ROOT = Path(__file__).resolve().parents[2]


def images_env():
    values = {}
    for line in (ROOT / "images" / "images.env").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key] = value
    return values


class CompiledPipelineTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "distil.yaml"
            compiler.Compiler().compile(pipeline.distil, str(out))
            cls.spec = yaml.safe_load(out.read_text())
        cls.component = cls.spec["components"]["comp-distillation"]
        cls.container = cls.spec["deploymentSpec"]["executors"]["exec-distillation"]["container"]

    def test_inputs_are_what_a_pipeline_author_sets(self):
        inputs = self.component["inputDefinitions"]["parameters"]
        self.assertEqual(
            set(inputs),
            {"spec", "name", "teacher_model", "students", "dataset", "dataset_limit",
             "storage_uri", "storage_endpoint", "credentials_secret", "resources", "pod",
             "timeout"},
        )
        self.assertTrue(all(p["parameterType"] == "STRING" for p in inputs.values()))
        self.assertEqual(inputs["dataset"]["defaultValue"], "fashion-mnist")

    def test_outputs_are_the_best_students_artifact_accuracy_and_report(self):
        outputs = self.component["outputDefinitions"]["parameters"]
        self.assertEqual(
            {name: p["parameterType"] for name, p in outputs.items()},
            {"best_artifact": "STRING", "accuracy": "NUMBER_DOUBLE", "report": "STRING"},
        )
        pipeline_outputs = self.spec["root"]["dag"]["outputs"]["parameters"]
        self.assertEqual(set(pipeline_outputs), {"best_artifact", "accuracy", "report"})

    def test_the_executor_runs_submit_and_wait_in_the_cli_image(self):
        self.assertEqual(self.container["image"], images_env()["CLI_IMAGE"])
        self.assertEqual(self.container["command"], ["/usr/local/bin/distillery-component"])
        args = self.container["args"]
        pairs = dict(zip(args[0::2], args[1::2]))
        self.assertEqual(pairs["--teacher-model"], "{{$.inputs.parameters['teacher_model']}}")
        self.assertEqual(pairs["--spec"], "{{$.inputs.parameters['spec']}}")
        self.assertEqual(
            pairs["--best-artifact-file"],
            "{{$.outputs.parameters['best_artifact'].output_file}}",
        )
        self.assertEqual(
            pairs["--accuracy-file"], "{{$.outputs.parameters['accuracy'].output_file}}"
        )
        self.assertEqual(pairs["--report-file"], "{{$.outputs.parameters['report'].output_file}}")
        # Every option the component passes is one distillery-component accepts.
        script = (ROOT / "cli" / "image" / "distillery-component").read_text()
        for option in pairs:
            self.assertIn(option[2:], script.split("options=(")[1].split(")")[0])

    def test_the_pipeline_passes_its_parameters_and_students(self):
        task = self.spec["root"]["dag"]["tasks"]["distillation"]["inputs"]["parameters"]
        self.assertEqual(task["storage_uri"], {"componentInputParameter": "storage_uri"})
        self.assertEqual(task["resources"], {"componentInputParameter": "resources"})
        self.assertEqual(task["pod"], {"componentInputParameter": "pod"})
        students = yaml.safe_load(task["students"]["runtimeValue"]["constant"])
        self.assertEqual([s["name"] for s in students], ["cnn-tiny", "mlp"])


if __name__ == "__main__":
    unittest.main()
