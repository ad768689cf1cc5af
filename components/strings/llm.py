"""Strings of the code GPT's model card on Home and of what its pages share."""

LLM: dict[str, dict[str, str]] = {
    "llm.page_pending": {
        "en": "This page's views for the code GPT are being built.",
        "zh": "本页面针对代码 GPT 的视图正在构建中。",
    },
    # --- Home: the code GPT's card (dashboard/areas/home/gpt_card.py) ---------------------------
    "llm.card.ppl": {"en": "Validation perplexity", "zh": "验证集困惑度"},
    "llm.card.ppl_help": {
        "en": "exp of the mean next-token cross-entropy on Python modules the model never saw in "
        "training; lower is better (a model that guessed uniformly among the {vocab} tokens "
        "would score {vocab}).",
        "zh": "在训练中从未见过的 Python 模块上，下一个词元交叉熵均值的指数；越低越好"
        "（在 {vocab} 个词元中均匀瞎猜的模型得分为 {vocab}）。",
    },
    "llm.card.ppl_detail": {
        "en": "Perplexity measured just now on this server: {ppl:.2f} over {tokens} predicted "
        "validation tokens (windows of {context}) in {seconds:.2f} s. Recorded when the weights "
        "were trained: {recorded:.2f}.",
        "zh": "刚刚在本服务器上测得的困惑度：{ppl:.2f}，共预测 {tokens} 个验证词元（窗口长 {context}），"
        "用时 {seconds:.2f} 秒。训练权重时记录的值：{recorded:.2f}。",
    },
    "llm.card.speed": {"en": "Generation (median)", "zh": "生成速度（中位数）"},
    "llm.card.speed_value": {"en": "{rate:.0f} tokens/s", "zh": "{rate:.0f} 词元/秒"},
    "llm.card.speed_help": {
        "en": "New tokens per second while generating greedily with the KV cache, one sequence "
        "on one thread.",
        "zh": "使用 KV 缓存贪心生成时每秒产生的新词元数，单条序列、单线程。",
    },
    "llm.card.speed_detail": {
        "en": "Measured just now on this server with torch.utils.benchmark: {new} new tokens after "
        "a {prompt}-token prompt (greedy, KV cache on) take {median:.3f} s median, IQR "
        "{iqr:.3f} s over {runs} runs · batch 1 · {threads} thread(s) · eager PyTorch.",
        "zh": "刚刚在本服务器上用 torch.utils.benchmark 测得：在 {prompt} 个词元的提示之后生成 {new} 个"
        "新词元（贪心，开启 KV 缓存），中位数 {median:.3f} 秒，四分位距 {iqr:.3f} 秒，共 {runs} 次 · "
        "批大小 1 · {threads} 个线程 · eager PyTorch。",
    },
    "llm.card.trained_title": {"en": "How it was trained", "zh": "训练方式"},
    "llm.card.trained": {
        "en": "**Corpus:** {train} whole modules of Python {python}'s standard library "
        "({train_tokens} tokens); {validation} more are held out whole for validation: "
        "{held_out}. **Training:** {steps} steps of {batch} windows × {context} tokens "
        "({seen} tokens seen, about {passes:.0f} passes over the training text) in {seconds:.0f} "
        "s on {threads} thread(s); the weights of step {best} were kept (lowest validation "
        "perplexity: early stopping).",
        "zh": "**语料：** Python {python} 标准库中的 {train} 个完整模块（{train_tokens} 个词元）；"
        "另有 {validation} 个模块整体留作验证集：{held_out}。**训练：** {steps} 步，每步 {batch} 个"
        "窗口 × {context} 个词元（共见过 {seen} 个词元，约遍历训练文本 {passes:.0f} 遍），用 {threads} "
        "个线程耗时 {seconds:.0f} 秒；保留第 {best} 步的权重（验证困惑度最低：提前停止）。",
    },
    "llm.card.retrain": {
        "en": "Retrain the tokenizer, this model and its distilled student (seeded: the same "
        "machine gives the same weights):",
        "zh": "重新训练分词器、本模型及其蒸馏学生模型（已设随机种子：同一台机器得到相同权重）：",
    },
    "llm.card.curve_title": {
        "en": "Training curve: perplexity over training steps",
        "zh": "训练曲线：困惑度随训练步数的变化",
    },
    "llm.card.curve_x": {"en": "training step", "zh": "训练步数"},
    "llm.card.curve_y": {"en": "perplexity (log scale)", "zh": "困惑度（对数刻度）"},
    "llm.card.curve_train": {
        "en": "training (exp of the mean loss)",
        "zh": "训练集（平均损失的指数）",
    },
    "llm.card.curve_val": {"en": "validation (selection slice)", "zh": "验证集（选择切片）"},
    "llm.card.curve_caption": {
        "en": "Training perplexity keeps falling while validation perplexity is lowest at step "
        "{best} ({best_ppl:.1f}) and ends at {last_ppl:.1f}: after that the model memorises its "
        "training modules (over-fitting). The dotted line marks the kept weights. Validation "
        "here is tokens {low}–{high} of the held-out modules; the perplexity above uses the "
        "first {low}.",
        "zh": "训练困惑度一路下降，而验证困惑度在第 {best} 步最低（{best_ppl:.1f}），最终为 {last_ppl:.1f}："
        "此后模型开始记忆训练模块（过拟合）。虚线标出保留的权重。这里的验证集是留出模块的第 "
        "{low}–{high} 个词元；上方的困惑度使用前 {low} 个词元。",
    },
    "llm.card.tied_note": {
        "en": "{layers} layers. The output layer {head} reuses the embedding "
        "matrix of {embedding} (tied weights): its {n} parameters are counted once in the "
        "total.",
        "zh": "共 {layers} 层。输出层 {head} 复用 {embedding} 的嵌入矩阵（权重共享）："
        "其 {n} 个参数在总数中只计一次。",
    },
    "llm.card.tied_series": {
        "en": "tied to the embedding (counted once)",
        "zh": "与嵌入层共享（只计一次）",
    },
    "llm.col.tied_to": {"en": "shares weights with", "zh": "与其共享权重"},
    # --- Home: live generation ------------------------------------------------------------------
    "llm.gen.title": {"en": "Generate from your prompt", "zh": "由你的提示生成"},
    "llm.gen.prompt": {
        "en": "Prompt: the start of some Python code",
        "zh": "提示：一段 Python 代码的开头",
    },
    "llm.gen.new_tokens": {"en": "New tokens", "zh": "新词元数"},
    "llm.gen.mode": {"en": "Decoding", "zh": "解码方式"},
    "llm.gen.mode.greedy": {"en": "greedy", "zh": "贪心"},
    "llm.gen.mode.sampled": {"en": "sampled", "zh": "采样"},
    "llm.gen.mode_help": {
        "en": "Greedy takes the likeliest token at every step: always the same text. Sampled "
        "draws each token at random from the model's distribution, sharpened (temperature < 1) "
        "or flattened (> 1) and cut to the k likeliest tokens, seeded with the sidebar's seed: "
        "the same seed gives the same text.",
        "zh": "贪心解码每一步都取最可能的词元：文本总是相同。采样解码按模型的概率分布随机抽取每个词元，"
        "分布由温度锐化（< 1）或拉平（> 1），并截取最可能的 k 个词元，随机种子取自侧边栏：同一种子得到"
        "同一文本。",
    },
    "llm.gen.temperature": {"en": "Temperature", "zh": "温度"},
    "llm.gen.top_k": {"en": "Top-k (0 = every token)", "zh": "Top-k（0 = 全部词元）"},
    "llm.gen.sampling_only": {
        "en": "Temperature and top-k act only when sampling: greedy decoding ignores them.",
        "zh": "温度和 top-k 只在采样时起作用：贪心解码会忽略它们。",
    },
    "llm.gen.sampling_on": {
        "en": "Sampling with temperature {temperature:.1f}, top-k {top_k} and seed {seed} (the "
        "sidebar's).",
        "zh": "采样设置：温度 {temperature:.1f}，top-k {top_k}，随机种子 {seed}（取自侧边栏）。",
    },
    "llm.gen.tokens": {
        "en": "The prompt as the model reads it: {n} tokens (│ between tokens, · a space, ↵ a line "
        "end, ⇥ a tab); at most {limit} with {new} new tokens.",
        "zh": "模型读到的提示：{n} 个词元（│ 分隔词元，· 为空格，↵ 为换行，⇥ 为制表符）；生成 {new} 个"
        "新词元时最多 {limit} 个。",
    },
    "llm.gen.trailing_space": {
        "en": "The prompt ends with a space. The tokenizer keeps a word together with the space "
        "before it (·name is one token), so in training a lone space token rarely came before a "
        "word: the model may continue oddly. Try the prompt without its last space.",
        "zh": "提示以空格结尾。分词器把单词和它前面的空格合成一个词元（·name 是一个词元），所以训练中"
        "单独的空格词元很少出现在单词之前：模型可能续写得很奇怪。试试去掉最后的空格。",
    },
    "llm.gen.output": {"en": "Prompt and continuation", "zh": "提示与续写"},
    "llm.gen.generating": {
        "en": "✍️ Generating in the background; the text appears here by itself.",
        "zh": "✍️ 正在后台生成，文本会自动出现在这里。",
    },
    "llm.gen.done": {
        "en": "{new} new tokens in {seconds:.2f} s (this one run, as it happened; the benchmark "
        "is above).",
        "zh": "{new} 个新词元，用时 {seconds:.2f} 秒（仅此一次运行的实际用时；基准测试见上方）。",
    },
    "llm.gen.stopped": {
        "en": "The model ended its text (it generated `<|endoftext|>`) before {max} tokens.",
        "zh": "模型在 {max} 个词元之前结束了文本（生成了 `<|endoftext|>`）。",
    },
    "llm.prompt_empty": {
        "en": "The prompt is empty: type the start of some Python code, for example "
        "“def __init__(self”.",
        "zh": "提示为空：请输入一段 Python 代码的开头，例如“def __init__(self”。",
    },
    "llm.prompt_too_long": {
        "en": "The prompt has {tokens} tokens, but with {new} new tokens it may have at most "
        "{limit}: the model knows {positions} positions. Shorten the prompt or ask for fewer "
        "new tokens.",
        "zh": "提示有 {tokens} 个词元，但生成 {new} 个新词元时最多只能有 {limit} 个：模型只认识 {positions} "
        "个位置。请缩短提示或减少新词元数。",
    },
}
