#!/usr/bin/env python3
"""Renders docs/models/results.json (written by `kernelgen measure`) into docs/models.md, between the markers
<!-- results:begin --> and <!-- results:end -->: one table per measurement and dataset (metric, value, quality
line, met), with its images. Run after scripts/measure-models.sh:   python3 scripts/models_report.py"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "models" / "results.json"
PAGE = ROOT / "docs" / "models.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"


def fmt(value):
    if value is None or (isinstance(value, float) and value != value) or value == "NaN":
        return "—"
    value = float(value)
    return f"{value:.4f}" if abs(value) < 1 else f"{value:.2f}" if abs(value) < 1000 else f"{value:,.0f}"


def summary(results):
    out = ["| measurement | dataset | metric | value | quality line | met |", "| --- | --- | --- | ---: | --- | --- |"]
    for r in results:
        for m in r["Metrics"]:
            if m.get("Target"):
                met = {True: "✓ yes", False: "✗ **no**", None: "not judged"}[m.get("Met")]
                out.append(f"| {r['Measurement']} | {r['Dataset']} | {m['Name']} | {fmt(m['Value'])} | {m['Target']} | {met} |")
    return "\n".join(out) + "\n"


def render(results):
    out = ["Every quality line measured so far:\n", summary(results)]
    for r in results:
        out.append(f"### {r['Measurement']} — {r['Dataset']}\n")
        out.append(f"{r['Device']}, {r['Date']}, {r['Seconds']:.0f} s.\n")
        out.append("| metric | value | quality line | met |")
        out.append("| --- | ---: | --- | --- |")
        for m in r["Metrics"]:
            met = {True: "✓ yes", False: "✗ **no**", None: ""}[m.get("Met")]
            note = f" ({m['Note']})" if m.get("Note") else ""
            out.append(f"| {m['Name']} | {fmt(m['Value'])} | {m.get('Target', '')}{note} | {met} |")
        out.append("")
        pngs = [i for i in r["Images"] if i.endswith(".png")]
        svgs = [i for i in r["Images"] if i.endswith(".svg")]
        if pngs:
            out.append(" ".join(f"![{pathlib.Path(i).stem}](models/{i})" for i in pngs))
            out.append("")
        for s in svgs:
            out.append(f"![{pathlib.Path(s).stem}](models/{s})")
            out.append("")
    return "\n".join(out)


def main():
    results = json.loads(RESULTS.read_text())
    page = PAGE.read_text()
    start, end = page.index(BEGIN) + len(BEGIN), page.index(END)
    PAGE.write_text(page[:start] + "\n" + render(results) + "\n" + page[end:])
    print(f"rendered {len(results)} results into {PAGE}")


if __name__ == "__main__":
    main()
