"""`jxc import` and `jxc import-template` as an operator runs them: real process, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from openjxc.bootstrap import System
from tests.e2e.test_cli import jxc

CATEGORIES = "分类编码,分类名称,上级分类编码\n01,原料,\n0101,乳制品,01\n"


@pytest.fixture
def url(system: System) -> str:
    return system.settings.database_url


def test_import_writes_a_file_and_a_second_run_changes_nothing(url: str, tmp_path: Path) -> None:
    file = tmp_path / "categories.csv"
    file.write_text(CATEGORIES, encoding="utf-8")
    dry = jxc(url, tmp_path, "import", "categories", str(file), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "新增 2" in dry.stdout
    assert "试导入" in dry.stdout
    done = jxc(url, tmp_path, "import", "categories", str(file))
    assert done.returncode == 0, done.stderr
    assert "已导入" in done.stdout
    again = jxc(url, tmp_path, "import", "categories", str(file), env={"JXC_LANGUAGE": "en"})
    assert again.returncode == 0, again.stderr
    assert "unchanged 2" in again.stdout


def test_import_with_errors_prints_them_and_exits_non_zero(url: str, tmp_path: Path) -> None:
    file = tmp_path / "categories.csv"
    file.write_text("分类编码,分类名称,上级分类编码\n01,原料,99\n", encoding="utf-8")
    result = jxc(url, tmp_path, "import", "categories", str(file))
    assert result.returncode == 1
    assert "第 2 行 上级分类编码" in result.stdout
    assert "99" in result.stdout
    bad_header = tmp_path / "bad.csv"
    bad_header.write_text("分类编码,分类名称,颜色\n01,原料,红\n", encoding="utf-8")
    refused = jxc(url, tmp_path, "import", "categories", str(bad_header))
    assert refused.returncode == 1
    assert "颜色" in refused.stderr


def test_import_template_writes_the_kinds_template(url: str, tmp_path: Path) -> None:
    target = tmp_path / "products.xlsx"
    result = jxc(url, tmp_path, "import-template", "products", str(target))
    assert result.returncode == 0, result.stderr
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "商品编码*"
    assert rows[1][0] == "code"
