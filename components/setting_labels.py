"""How each page labels its URL settings, for what people read: reports, handouts and the
lesson checks ("Per-channel scales: off", never ``per_channel=0``).

URL key → how the page labels it, per page ("shared": the sidebar). A key missing here is not
listed in a report: a reader sees "Amount: 0.5", never "amount" or "prune_first". A setting's
widget key is "<page>_<key>" unless ``widgets`` names the ones that show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from components.explain import ATTRIBUTION_METHODS
from components.report import SettingLabel
from components.url_state import method_param_key

L = SettingLabel


def _special(**values: str) -> Mapping[str, str]:
    return MappingProxyType({k.replace("minus_", "-"): v for k, v in values.items()})


SETTING_LABELS: Mapping[str, Mapping[str, SettingLabel]] = {
    "shared": {"seed": L("sidebar.seed")},
    "compress": {
        "technique": L("compress.technique", "compress.technique.{}"),
        "method": L("prune.method", "prune.method.{}"),
        "amount": L("prune.amount"),
        "scope": L("prune.scope", "prune.scope.{}"),
        "layers": L("prune.layers", "prune.layers.{}"),
        "picked": L("prune.pick"),
        "finetune": L("prune.finetune"),
        "inspect": L("prune.inspect", widgets=("compress_inspect_layer",)),
        "qmethod": L("quant.method", "quant.method.{}"),
        "per_channel": L("quant.per_channel", switch=True),
        "calib": L("quant.calib"),
        "keep": L("quant.keep"),
        "quant_layer": L("quant.hist_layer"),
        "quant_channel": L("quant.channel"),
        "width": L("distill.width"),
        "temp": L("distill.temp"),
        "alpha": L("distill.alpha"),
        "epochs": L("distill.epochs"),
        "prune_first": L("cmp.disagree_first", switch=True, group="compress.technique.prune"),
        "quant_first": L("cmp.disagree_first", switch=True, group="compress.technique.quantize"),
        "distill_first": L("cmp.disagree_first", switch=True, group="compress.technique.distill"),
        "sample": L("variants.sample"),
        # What it forgets ("fvariant" is a position in the page's list: not a reader's setting)
        "attack": L("forget.robust.attack"),
        "eps": L("forget.robust.epsilon"),
        "noise_index": L("forget.noise.index"),
        # the code GPT
        "llm_variant": L("compress.llm.side_variant", "compress.llm.variant.{}"),
        "llm_prompt": L("compress.llm.side_prompt"),
        "llm_new_tokens": L("compress.llm.side_new_tokens"),
    },
    "explain": {
        "view": L("explain.view", "explain.view.{}"),
        "source": L("explain.source", "explain.source.{}"),
        "index": L("explain.index"),
        "target": L("explain.target", special=_special(minus_1="explain.target_predicted")),
        "methods": L("explain.methods", "explain.method.{}"),
        "opacity": L("explain.opacity"),
        "signed": L("explain.signed", switch=True),
        "focus": L(
            "explain.focus",
            "explain.method.{}",
            widgets=("explain_focus_method", "explain_sanity_method", "explain_cmp_method"),
        ),
        "k": L("explain.k"),
        "layer": L("explain.att_layer", widgets=("explain_vit_layer", "explain_text_layer")),
        "head": L(
            "explain.att_head",
            special=_special(minus_1="explain.att_mean"),
            widgets=("explain_vit_head", "explain_text_head"),
        ),
        "sentence": L("explain.sentence"),
        "reference": L("explain.reference"),
        "agreement_measure": L("explain.agreement", "explain.agreement.{}"),
        "cmp_kind": L("explain.variant", "explain.variant.{}"),
        "cmp_qmethod": L("quant.method", "quant.method.{}"),
        "pmethod": L("prune.method", "prune.method.{}"),
        "pamount": L("prune.amount"),
        "grad_layer": L("prune.inspect"),
        **{
            method_param_key(name, spec.name): L(
                spec.label_key,
                f"explain.{spec.name}.{{}}" if spec.choices else "",
                group=method.label_key,
            )
            for name, method in ATTRIBUTION_METHODS.items()
            for spec in method.params
        },
        # the code GPT
        "llm_prompt": L("explain.llm_prompt"),
        "llm_new": L("explain.llm_new"),
        "llm_method": L("explain.llm_method", "explain.llm_method.{}"),
        "llm_layer": L("explain.llm_att_layer"),
        "llm_head": L("explain.llm_att_head", special=_special(minus_1="explain.llm_att_mean")),
        "llm_variant": L("explain.llm_variant", "explain.llm_variant.{}"),
    },
    "accelerate": {
        "view": L("accelerate.view", "accelerate.view.{}"),
        "backends": L("accelerate.backends", "accelerate.backend.{}"),
        "batch": L("accelerate.batch"),
        "threads": L("accelerate.threads"),
        "seq": L("accelerate.seq"),
        "pmode": L("parallel.mode", "parallel.mode.{}"),
        "stages": L("parallel.processes"),
        "schedule": L("parallel.schedule", "parallel.schedule.{}"),
        "micro": L("parallel.micro"),
        "pbatch": L("parallel.batch"),
        # the code GPT
        "llm_prompt": L("accelerate.llm.prompt"),
        "llm_max_new": L("accelerate.llm.max_new"),
        "llm_batch": L("accelerate.llm.batch"),
        "llm_threads": L("accelerate.llm.threads"),
        "llm_repeats": L("accelerate.llm.repeats"),
        "llm_k": L("accelerate.llm.k"),
        "llm_spec_new": L("accelerate.llm.spec_new"),
    },
    "fuse": {
        "view": L("fuse.view", "fuse.view.{}"),
        "task": L("fuse.task", "fuse.task.{}"),
        "strategy": L("fuse.strategy", "fuse.strategy.{}"),
        "sigma": L("fuse.sigma"),
        "snr": L("fuse.snr"),
        "drop": L("fuse.drop", "fuse.drop.{}"),
        "source": L("fuse.source", "fuse.source.{}"),
        "index": L("fuse.index"),
        "clip": L("fuse.clip", special=_special(minus_1="fuse.clip.own")),
        "compare": L("fuse.compare", "fuse.strategy.{}"),
        "rstrategy": L("fuse.train_strategy", "fuse.strategy.{}"),
        "epochs": L("fuse.epochs"),
        "hidden": L("fuse.hidden"),
    },
}
