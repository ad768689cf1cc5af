"""The kept compressed variants that apply to the page's model (Compress and Accelerate)."""

from __future__ import annotations

from components.errors import UserFacingError
from components.kept_variants import KeptVariant, check_variant, variant_label
from dashboard.shell.errors import show_error
from dashboard.shell.page_header import PageContext
from dashboard.shell.state import kept_variants


def usable_kept(ctx: PageContext) -> list[KeptVariant]:
    """This model's kept variants that apply to it; one warning for each that does not (a link
    can name a layer the model lacks, or a method it does not support)."""
    usable = []
    for variant in kept_variants(ctx.spec.name):
        try:
            check_variant(ctx.model, ctx.spec, variant)
        except UserFacingError as err:
            label = variant_label(variant.kind, variant.settings, ctx.lang)
            show_error(err, ctx.lang, about=label)
            continue
        usable.append(variant)
    return usable
