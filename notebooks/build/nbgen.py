"""Small helpers to write the lesson notebooks as nbformat 4 JSON (no outputs), Java kernel."""
import hashlib

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def _id(kind, text, i):
    return hashlib.sha1(f"{kind}{i}{text}".encode()).hexdigest()[:8]


def notebook(cells, path):
    """cells: list of ("md" | "code", source); writes the notebook with stable cell ids."""
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Java", "language": "java", "name": "java"},
        "language_info": {"codemirror_mode": "java", "file_extension": ".jshell",
                          "mimetype": "text/x-java-source", "name": "java",
                          "pygments_lexer": "java", "version": "17"},
    }
    for i, (kind, src) in enumerate(cells):
        src = src.strip("\n")
        cell = new_markdown_cell(src) if kind == "md" else new_code_cell(src)
        cell.id = _id(kind, src, i)
        nb.cells.append(cell)
    nbformat.validate(nb)
    nbformat.write(nb, path)
