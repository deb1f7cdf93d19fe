"""Jupyter protocol conformance of the Attention Lab kernel (Debian's python3-jupyter-kernel-test).

Run with the kernelspec on JUPYTER_PATH, e.g.
    JUPYTER_PATH=target/jupyter/share/jupyter /usr/bin/python3 -m unittest src/test/python/test_kernel_conformance.py
KernelConformanceTest (JUnit) does this against a kernelspec it writes for the test class path.
"""
import os
import time
import unittest

import jupyter_kernel_test


class AttentionLabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("ATTENTION_LAB_KERNEL_NAME", "java")

    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("oops");'

    completion_samples = [
        {"text": "Syste", "matches": {"System"}},
        {"text": "%jar", "matches": {"jars"}},
    ]

    complete_code_samples = ["1", "int x = 1;", "for (int i = 0; i < 3; i++) {}", "%jars foo.jar"]
    incomplete_code_samples = ["for (int i = 0; i < 10; i++) {", "int f(int a) {"]

    code_generate_error = 'throw new IllegalStateException("boom");'

    code_execute_result = [
        {"code": "6*7", "result": "42"},
        {"code": '"abc".length()', "result": "3"},
        {"code": "int a = 2;\nint b = 3;\na * b", "result": "6"},
        {"code": "tech.tablesaw.api.Table.create(\"t\", tech.tablesaw.api.IntColumn.create(\"n\", 1, 2))",
         "mime": "text/html"},
    ]

    code_display_data = [
        {"code": 'display("shown")', "mime": "text/plain"},
        {"code": "new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB)",
         "mime": "image/png"},
    ]

    code_inspect_sample = "Math.max"


    def test_display_data(self):
        # The image sample arrives as an execute_result, which the base test does not count as
        # display data; check both kinds of message carry the MIME type.
        for sample in self.code_display_data:
            with self.subTest(code=sample["code"]):
                self.flush_channels()
                reply, output_msgs = self.execute_helper(sample["code"])
                self.assertEqual(reply["content"]["status"], "ok")
                datas = [m["content"]["data"] for m in output_msgs
                         if m["msg_type"] in ("display_data", "execute_result")]
                self.assertTrue(any(sample["mime"] in d for d in datas), output_msgs)

    def test_error_names_the_line(self):
        self.flush_channels()
        reply, output_msgs = self.execute_helper("int x = 1;\nint y = \"two\";")
        self.assertEqual(reply["content"]["status"], "error")
        text = "\n".join(output_msgs[0]["content"]["traceback"])
        self.assertIn("line 2", text)

    def test_kernel_survives_an_error_and_system_exit(self):
        self.flush_channels()
        reply, _ = self.execute_helper("System.exit(3);")
        self.assertEqual(reply["content"]["status"], "error")
        reply, output_msgs = self.execute_helper("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_interrupt_stops_a_running_loop(self):
        self.flush_channels()
        msg_id = self.kc.execute("long n = 0;\nwhile (true) { n++; }")
        time.sleep(2)
        self.km.interrupt_kernel()  # interrupt_mode "message": an interrupt_request on the control channel
        reply = self.get_non_kernel_info_reply(timeout=30)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.flush_channels()
        reply, _ = self.execute_helper("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_unknown_magic_is_named(self):
        self.flush_channels()
        reply, output_msgs = self.execute_helper("%nosuchmagic 1")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("%nosuchmagic", reply["content"]["evalue"])


if __name__ == "__main__":
    unittest.main()
