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


KINDS = ["samples", "reconstructions", "interpolation", "latent plot"]
# The models in the order of the model table at the top of docs/models.md (gallery names as the measurements give them).
MODEL_ORDER = ["ae-64", "ae-64-tied", "stacked-ae-256-64", "sparse-ae", "denoising-ae", "contractive-ae-256", "conv-ae-32",
               "vae", "conv-vae", "cvae", "gan", "dcgan", "cgan", "wgan", "pixelcnn"]


def gallery(results):
    """One table per dataset: a row per model, a column per kind of picture (or why the model has none)."""
    items = {}
    for r in results:
        for g in r.get("Gallery") or []:
            items.setdefault(r["Dataset"], {})[g["Model"]] = items.get(r["Dataset"], {}).get(g["Model"], {}) | {g["Kind"]: g}
    out = []
    for dataset in sorted(items):
        models = sorted(items[dataset], key=lambda m: (MODEL_ORDER.index(m) if m in MODEL_ORDER else len(MODEL_ORDER), m))
        out.append(f"### Pictures — {dataset}\n")
        out.append("| model | " + " | ".join(KINDS) + " |")
        out.append("| --- |" + " --- |" * len(KINDS))
        for m in models:
            cells = []
            for kind in KINDS:
                g = items[dataset][m].get(kind)
                if g is None:
                    cells.append("not made")
                elif g.get("Image"):
                    cells.append(f"![{kind}](models/{g['Image']})<br><sub>{g['Caption']}</sub>")
                else:
                    cells.append(f"— <sub>{g['Caption']}</sub>")
            out.append(f"| `{m}` | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def render(results):
    out = ["Every quality line measured so far:\n", summary(results), gallery(results)]
    for r in results:
        out.append(f"### {r['Measurement']} — {r['Dataset']}\n")
        options = f" Options: `{r['Options']}`." if r.get('Options') else ""
        out.append(f"{r['Device']}, {r['Date']}, {r['Seconds']:.0f} s.{options}\n")
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
