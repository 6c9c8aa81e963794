"""The strand 4 publication gate catches small and recoverable counts."""

from __future__ import annotations

from csrr.strand4.gate import problems, table_problems


def write(tmp_path, text):
    path = tmp_path / "tables" / "profile-role-region.csv"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)
    return path


def test_safe_table_passes(tmp_path):
    path = write(
        tmp_path,
        "Role,North,South,Islands,Total\nSocial work,58,[c],[c],80\nHealth,40,[c],[c],62\nPolice,0,0,0,0\nTotal,98,20,24,142\n",
    )
    assert table_problems(path, 10) == []


def test_small_count_is_named(tmp_path):
    path = write(tmp_path, "Role,North,Islands,Total\nSocial work,58,3,61\nTotal,58,3,61\n")
    found = table_problems(path, 10)
    assert any("Social work x Islands = 3, under the threshold 10" in p for p in found)


def test_single_suppressed_cell_in_a_row_with_a_total(tmp_path):
    path = write(
        tmp_path,
        "Role,North,Islands,Total\nSocial work,58,[c],61\nHealth,40,[c],52\nTotal,98,15,113\n",
    )
    found = table_problems(path, 10)
    assert any("row 'Social work' follows from its total" in p for p in found)
    assert not any("column 'Islands'" in p for p in found)


def test_gate_reads_the_tables_folder(tmp_path):
    write(tmp_path, "Role,North,Total\nSocial work,[c],58\nTotal,[c],58\n")
    # The row's one suppressed cell follows from its total; the column's total is suppressed too.
    assert len(problems(tmp_path, tables=tmp_path / "tables")) == 1
