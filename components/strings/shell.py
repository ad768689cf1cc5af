"""Strings of the app shell and the Home page (English and 简体中文 side by side)."""

SHELL: dict[str, dict[str, str]] = {
    # --- app shell -------------------------------------------------------------------------
    "app.title": {"en": "ModelLens", "zh": "ModelLens 模型透镜"},
    "app.tagline": {
        "en": "Compress, accelerate, explain and fuse real PyTorch models — live, and always side "
        "by side with the original.",
        "zh": "对真实的 PyTorch 模型进行压缩、加速、解释与融合——实时计算，并始终与原始模型并排对比。",
    },
    "nav.home": {"en": "Home", "zh": "首页"},
    "sidebar.model": {"en": "Model", "zh": "模型"},
    "sidebar.language": {"en": "Language / 语言", "zh": "语言 / Language"},
    "sidebar.seed": {"en": "Random seed", "zh": "随机种子"},
    "sidebar.seed_help": {
        "en": "Seeds every random choice on the pages (sample digits, sentences), so a shared link "
        "shows the same view.",
        "zh": "决定各页面中的随机选择（示例数字、句子），使分享的链接显示相同的视图。",
    },
    "sidebar.present": {"en": "Presenter mode", "zh": "演示模式"},
    "sidebar.present_help": {
        "en": "Large text, charts and maps for a projector; the sidebar folds away (open it "
        "again with the arrow at the top left). A link made now opens in presenter mode.",
        "zh": "为投影仪放大文字、图表和解释图；侧边栏会收起（点击左上角的箭头可重新打开）。"
        "此时生成的链接会以演示模式打开。",
    },
    "sidebar.share": {
        "en": "The address bar holds this view (page, model, settings): copy it to share.",
        "zh": "地址栏保存了当前视图（页面、模型、设置）：复制即可分享。",
    },
    "sidebar.threads": {
        "en": "torch uses {threads} CPU thread(s) on this server (set once at start-up).",
        "zh": "本服务器上 torch 使用 {threads} 个 CPU 线程（启动时设定一次）。",
    },
    "url.unknown_param": {
        "en": "Ignored unknown URL parameter “{key}”.",
        "zh": "已忽略未知的 URL 参数“{key}”。",
    },
    "url.bad_value": {
        "en": "URL parameter “{key}” has an invalid value “{value}”; using “{default}” instead.",
        "zh": "URL 参数“{key}”的值“{value}”无效，已改用“{default}”。",
    },
    "error.model_load": {
        "en": "The model “{model}” could not be loaded: {reason}",
        "zh": "无法加载模型“{model}”：{reason}",
    },
    "error.page": {
        "en": "Something went wrong while computing this page ({kind}). Try other settings or "
        "reload; the rest of the app keeps working.",
        "zh": "计算本页面时出错（{kind}）。请尝试其他设置或刷新页面；应用的其他部分仍可正常使用。",
    },
    "error.about": {"en": "{about}: {message}", "zh": "{about}：{message}"},
    # --- home: the four areas ----------------------------------------------------------------
    "home.areas": {"en": "What you can do here", "zh": "你可以在这里做什么"},
    "home.open": {"en": "Open", "zh": "打开"},
    "home.coming": {"en": "This page is being built.", "zh": "此页面正在建设中。"},
    "area.compress.title": {"en": "🗜️ Compress", "zh": "🗜️ 压缩"},
    "area.compress.text": {
        "en": "Prune weights or whole channels, quantize to int8 or half precision, and distil a "
        "small student from a teacher. Every result sits next to the original model: accuracy, "
        "size, FLOPs and measured latency.",
        "zh": "剪枝权重或整个通道，量化到 int8 或半精度，并从教师模型蒸馏出小的学生模型。每个结果都与原始模型并排："
        "准确率、大小、FLOPs 和实测延迟。",
    },
    "area.accelerate.title": {"en": "⚡ Accelerate", "zh": "⚡ 加速"},
    "area.accelerate.text": {
        "en": "Compare backends (eager, torch.compile, ONNX Runtime, int8), batch sizes and thread "
        "counts, and split a model into model-parallel and pipeline-parallel stages across "
        "processes. Medians with their spread, never a single lucky run.",
        "zh": "比较不同后端（eager、torch.compile、ONNX Runtime、int8）、批大小和线程数，并把模型切分为跨进程的模型并行与"
        "流水线并行阶段。报告带离散度的中位数，而不是某一次幸运的测量。",
    },
    "area.explain.title": {"en": "🔍 Explain", "zh": "🔍 解释"},
    "area.explain.text": {
        "en": "See what a model looks at: attention maps of the transformers, gradient saliency "
        "and attributions from captum, and local explanations (LIME, SHAP) — and how compression "
        "changes them.",
        "zh": "看看模型在关注什么：Transformer 的注意力图、captum 的梯度显著图与归因，以及局部解释（LIME、SHAP）——"
        "还有压缩如何改变它们。",
    },
    "area.fuse.title": {"en": "🔗 Fuse", "zh": "🔗 融合"},
    "area.fuse.text": {
        "en": "Combine an image and a spoken digit: feature, deep, late and graph fusion, each "
        "trained for real, against the single-modality models they improve on.",
        "zh": "把图像与语音数字结合起来：特征融合、深度融合、后期融合与图融合，每种都经过真实训练，并与它们所改进的单模态模型对比。",
    },
    # --- home: model card ----------------------------------------------------------------
    "card.title": {"en": "Model card: {title}", "zh": "模型卡片：{title}"},
    "card.caption": {
        "en": "Task: {task} · input: {input_kind} · {description}",
        "zh": "任务：{task} · 输入：{input_kind} · {description}",
    },
    "card.params": {"en": "Parameters", "zh": "参数量"},
    "card.size": {"en": "Size on disk", "zh": "磁盘大小"},
    "card.size_help": {
        "en": "Bytes of the state_dict serialised with torch.save, as a checkpoint file would be.",
        "zh": "用 torch.save 序列化 state_dict 后的字节数，即检查点文件的大小。",
    },
    "card.flops": {"en": "FLOPs / sample", "zh": "每样本 FLOPs"},
    "card.flops_help": {
        "en": "Counted by torch.utils.flop_counter on a real forward pass (a multiply-add = 2 "
        "FLOPs; element-wise work not counted).",
        "zh": "由 torch.utils.flop_counter 在一次真实前向传播中统计（一次乘加 = 2 FLOPs；逐元素运算不计）。",
    },
    "card.latency": {"en": "Latency (median)", "zh": "延迟（中位数）"},
    "card.latency_detail": {
        "en": "Measured just now on this server with torch.utils.benchmark: median {median:.3f} "
        "ms, IQR {iqr:.3f} ms over {runs} runs · batch {batch} · {threads} thread(s) · {backend}"
        " · {seq}",
        "zh": "刚刚在本服务器上用 torch.utils.benchmark 测得：中位数 {median:.3f} ms，四分位距 {iqr:.3f} ms，共 "
        "{runs} 次 · 批大小 {batch} · {threads} 个线程 · {backend} · {seq}",
    },
    "card.seq_image": {"en": "1×28×28 digits", "zh": "1×28×28 数字图像"},
    "card.seq_text": {"en": "{tokens} tokens per sentence", "zh": "每句 {tokens} 个词元"},
    "card.recorded": {
        "en": "Recorded when the weights were trained: test accuracy {acc:.4f} ({seconds} s, "
        "{threads} threads). Retrain with {command}.",
        "zh": "训练权重时记录的测试准确率：{acc:.4f}（{seconds} 秒，{threads} 个线程）。用 {command} 重新训练。",
    },
    "card.grouped": {
        "en": "{n} layers, summed into {blocks} blocks for the charts; the table lists every layer.",
        "zh": "共 {n} 层，图表中按 {blocks} 个模块汇总；表格列出每一层。",
    },
    "card.layers_params": {"en": "Parameters per layer", "zh": "每层参数量"},
    "card.layers_flops": {"en": "FLOPs per layer", "zh": "每层 FLOPs"},
    "card.architecture": {"en": "Architecture", "zh": "网络结构"},
    "card.graph": {"en": "Architecture graph", "zh": "结构图"},
    "card.graph_title": {"en": "Architecture graph of {model}", "zh": "{model} 的结构图"},
    "card.samples_digits": {
        "en": "Predictions on {n} test digits (seed {seed}); mistakes in red",
        "zh": "在 {n} 个测试数字上的预测（种子 {seed}）；错误标为红色",
    },
    "card.sample_caption": {
        "en": "true {true} → {pred} ({prob:.0%})",
        "zh": "真实 {true} → {pred}（{prob:.0%}）",
    },
    "card.samples_text": {
        "en": "Cosine similarity of {n} shipped sentences (seed {seed}): paraphrases should be bright",
        "zh": "{n} 个内置句子的余弦相似度（种子 {seed}）：同义句应当更亮",
    },
    # --- column headers, metrics, kinds ------------------------------------------------------
    "col.name": {"en": "layer", "zh": "层"},
    "col.type": {"en": "type", "zh": "类型"},
    "col.shape": {"en": "weight shape", "zh": "权重形状"},
    "col.params": {"en": "parameters", "zh": "参数量"},
    "col.nonzero": {"en": "non-zero", "zh": "非零"},
    "col.sparsity": {"en": "sparsity", "zh": "稀疏度"},
    "col.flops": {"en": "FLOPs", "zh": "FLOPs"},
    "metric.accuracy": {"en": "Test accuracy", "zh": "测试准确率"},
    "metric.accuracy_help": {
        "en": "Fraction of the {n} held-out test digits (fixed seeded split) classified correctly.",
        "zh": "{n} 个留出测试数字（固定随机划分）中被正确分类的比例。",
    },
    "metric.paraphrase_top1": {"en": "Paraphrase top-1", "zh": "同义句检索 top-1"},
    "metric.paraphrase_top1_help": {
        "en": "An encoder has no labels: for each of {n} shipped sentence pairs, is its paraphrase "
        "the most similar of all candidates? (fraction of pairs)",
        "zh": "编码器没有标签：对 {n} 对内置句子，每句的同义句是否在所有候选中最相似？（成功比例）",
    },
    "task.classification": {"en": "classification", "zh": "分类"},
    "task.sentence-embedding": {"en": "sentence embedding", "zh": "句向量"},
    "task.text-generation": {"en": "text generation (causal LM)", "zh": "文本生成（因果语言模型）"},
    "input.image": {"en": "image", "zh": "图像"},
    "input.text": {"en": "text", "zh": "文本"},
    "input.multimodal": {"en": "image + audio", "zh": "图像 + 音频"},
    # The registry's titles in each language (model_title); the English equals the registry's.
    "model.lenet.title": {"en": "LeNet CNN (digits)", "zh": "LeNet CNN（手写数字）"},
    "model.tiny_vit.title": {
        "en": "Tiny Vision Transformer (digits)",
        "zh": "微型 Vision Transformer（手写数字）",
    },
    "model.minilm.title": {"en": "all-MiniLM-L6-v2 (sentences)", "zh": "all-MiniLM-L6-v2（句子）"},
    "model.gpt.title": {"en": "Code GPT (Python)", "zh": "代码 GPT（Python）"},
    "model.lenet.description": {
        "en": "Classic two-conv CNN on 28×28 digits.",
        "zh": "经典的双卷积层 CNN，输入 28×28 数字图像。",
    },
    "model.tiny_vit.description": {
        "en": "4×4 patches, 4 encoder blocks with 4-head self-attention, class token.",
        "zh": "4×4 图块，4 个带 4 头自注意力的编码器块，分类词元。",
    },
    "model.minilm.description": {
        "en": "Pretrained 6-layer, 12-head BERT sentence encoder (384-d embeddings). English; "
        "most Chinese characters become [UNK].",
        "zh": "预训练的 6 层、12 头 BERT 句子编码器（384 维向量）。仅英文；多数中文字符会变成 [UNK]。",
    },
    "model.gpt.description": {
        "en": "Llama-style decoder (4 layers × 4 heads, width 160) trained here on Python's "
        "standard library. Write the start of some Python code and it continues it.",
        "zh": "Llama 式解码器（4 层 × 4 头，宽 160），在本项目中用 Python 标准库源码训练。"
        "写下一段 Python 代码的开头，它会接着写。",
    },
    # --- results that stream in (dashboard.shell.live) ----------------------------------------
    "live.measuring": {
        "en": "⏱️ Measuring in the background; the result appears here by itself. Keep exploring: "
        "the controls answer meanwhile.",
        "zh": "⏱️ 正在后台测量，结果会自动出现在这里。可以继续操作：控件在此期间照常响应。",
    },
    "live.progress": {"en": "{note} ({step})", "zh": "{note}（{step}）"},
    "live.latency": {
        "en": "⏱️ Timing the models in alternation in the background: the other numbers in the table "
        "are exact already, the latency fills in by itself.",
        "zh": "⏱️ 正在后台交替计时各模型：表中其他数字已是精确值，延迟会自动填入。",
    },
    "jobs.waiting": {
        "en": "⏳ Queued: {n} heavy job(s) ahead on this server (at most a few run at once so every page stays responsive)…",
        "zh": "⏳ 排队中：本服务器上前面还有 {n} 个繁重任务（同时只运行少数几个，以保证每个页面都能及时响应）……",
    },
}
