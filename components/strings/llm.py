"""Strings of the code GPT's model card on Home and of what its pages share."""

LLM: dict[str, dict[str, str]] = {
    "llm.page_pending": {
        "en": "This page's views for the code GPT are being built.",
        "zh": "本页面针对代码 GPT 的视图正在构建中。",
    },
}
