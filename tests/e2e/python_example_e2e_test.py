"""The README's Python example (clients/python/example.py) run as it says:
modules generated from the .proto files alone by clients/python/generate.sh,
then the example against a live budgetd."""
import os
import subprocess
import sys
import tempfile
import unittest

from budgetd import Budgetd, token

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
EXAMPLE = os.path.join(ROOT, "clients", "python", "example.py")
GENERATE = os.path.join(ROOT, "clients", "python", "generate.sh")


class PythonExampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Budgetd().start()
        cls.tmp = tempfile.TemporaryDirectory(prefix="budget-python-")
        cls.modules = os.path.join(cls.tmp.name, "gen")
        subprocess.run([GENERATE, cls.modules], check=True, capture_output=True, timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.tmp.cleanup()

    def run_example(self, round_id, role):
        # Only the generated modules: nothing from the build tree.
        env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_") and k != "PYTHONPATH"}
        env.update(PYTHONPATH=self.modules, BUDGET_ADDR=self.server.address, BUDGET_TOKEN=token(role))
        return subprocess.run([sys.executable, EXAMPLE, round_id], capture_output=True, text=True, env=env,
                              timeout=60, cwd=self.tmp.name)

    def test_the_example_runs_and_is_safe_to_repeat(self):
        first = self.run_example("py-2024", "coordinator")
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertEqual(first.stdout, "rounds/py-2024: created\n"
                                       "catalogue 0 of 110,000,000 kr.; råderum 0 of 45,000,000 kr.\n")
        again = self.run_example("py-2024", "coordinator")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("rounds/py-2024: already there", again.stdout)

    def test_the_example_explains_a_refusal(self):
        denied = self.run_example("py-denied", "case_worker")
        self.assertEqual(denied.returncode, 1)
        self.assertIn("PERMISSION_DENIED", denied.stderr)
        invalid = self.run_example("Not An Id", "coordinator")
        self.assertEqual(invalid.returncode, 1)
        self.assertIn("INVALID_ARGUMENT", invalid.stderr)
        self.assertIn("  round_id: must be 1..63", invalid.stderr)

    def test_the_readme_shows_this_example(self):
        with open(os.path.join(ROOT, "README.md")) as f:
            readme = f.read()
        with open(EXAMPLE) as f:
            self.assertTrue(f.read() in readme, "README.md must show clients/python/example.py as it is")
        self.assertIn("clients/python/generate.sh", readme)


if __name__ == "__main__":
    unittest.main()
