#!/usr/bin/env python3
"""The size of the code, against the house's limits: no module of `jazari/` over 800 lines and no function
over 60 lines, outside migrations and tests; the seeders' data builders (`seed.py`) may have longer functions.

    python scripts/code_size.py            # the longest modules and functions, then what passes a limit
    python scripts/code_size.py --top 20   # more of the longest

Exits with 1 when something passes a limit (`make lint` runs it), naming it and its length.
"""

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_LIMIT = 800
FUNCTION_LIMIT = 60


def production_modules() -> list[Path]:
    return sorted(
        path
        for path in (ROOT / "jazari").rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    )


def functions(path: Path) -> list[tuple[int, str]]:
    """(length in lines, qualified name) of each function and method of a module."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append((child.end_lineno - child.lineno + 1, f"{prefix}{child.name}"))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=8, help="how many of the longest to list (default 8)")
    options = parser.parse_args()
    modules = [(len(path.read_text(encoding="utf-8").splitlines()), path) for path in production_modules()]
    every = [(length, path, name) for _lines, path in modules for length, name in functions(path)]
    print(f"Longest modules (limit {MODULE_LIMIT} lines):")
    for lines, path in sorted(modules, reverse=True)[: options.top]:
        print(f"  {lines:5d}  {path.relative_to(ROOT)}")
    print(f"Longest functions (limit {FUNCTION_LIMIT} lines, seeders' builders excepted):")
    for length, path, name in sorted(every, key=lambda item: -item[0])[: options.top]:
        print(f"  {length:5d}  {path.relative_to(ROOT)}:{name}")
    over = [f"{path.relative_to(ROOT)}: {lines} lines" for lines, path in modules if lines > MODULE_LIMIT]
    over += [
        f"{path.relative_to(ROOT)}:{name}: {length} lines"
        for length, path, name in every
        if length > FUNCTION_LIMIT and path.name != "seed.py"
    ]
    if over:
        print("Past the limits (split the module into a package, the function into named steps):")
        for line in over:
            print(f"  {line}")
        return 1
    print("Within the limits.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
