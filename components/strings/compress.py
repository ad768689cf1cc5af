"""Strings of the Compress page (English and 简体中文 side by side)."""

COMPRESS: dict[str, dict[str, str]] = {
    "nav.compress": {"en": "Compress", "zh": "压缩"},
    "compress.title": {"en": "🗜️ Compress", "zh": "🗜️ 压缩"},
    "compress.intro": {
        "en": "Prune, quantize or distil {model} and compare the result with the original on the same data. Every number is measured now, on this server.",
        "zh": "对 {model} 进行剪枝、量化或蒸馏，并在相同数据上与原始模型比较。所有数字都是此刻在本服务器上实测的。",
    },
    "compress.technique": {"en": "Technique", "zh": "技术"},
    "compress.technique.prune": {"en": "✂️ Pruning", "zh": "✂️ 剪枝"},
    "compress.technique.quantize": {"en": "🔢 Quantization", "zh": "🔢 量化"},
    "compress.technique.distill": {"en": "🎓 Distillation", "zh": "🎓 知识蒸馏"},
    "compress.technique.compare": {"en": "📌 Kept variants", "zh": "📌 已保存的变体"},
    # --- comparison table -----------------------------------------------------------------
    "cmp.title": {"en": "Original vs compressed", "zh": "原始模型 vs 压缩模型"},
    "cmp.original": {"en": "Original", "zh": "原始模型"},
    "cmp.pruned": {"en": "Pruned", "zh": "剪枝后"},
    "cmp.agreement": {"en": "Agreement with original", "zh": "与原始模型一致率"},
    "cmp.cosine": {"en": "Output cosine vs original", "zh": "输出与原始模型的余弦相似度"},
    "cmp.flops_dense": {
        "en": "FLOPs / sample (dense, counted)",
        "zh": "每样本 FLOPs（稠密，实测计数）",
    },
    "cmp.flops_effective": {
        "en": "FLOPs / sample if zeros were skipped (estimate)",
        "zh": "若跳过零值的每样本 FLOPs（估算）",
    },
    "cmp.latency": {"en": "Latency (median ± IQR/2)", "zh": "延迟（中位数 ± 四分位距/2）"},
    "cmp.latency_pending": {"en": "measuring…", "zh": "测量中……"},
    "cmp.caption": {
        "en": "Latency measured with torch.utils.benchmark at batch {batch} with {threads} thread(s); ratios (×) are against the original. “If zeros were skipped” is a formula (dense FLOPs × weight density per layer), not a measurement.",
        "zh": "延迟用 torch.utils.benchmark 在批大小 {batch}、{threads} 个线程下测得；比值（×）相对于原始模型。“若跳过零值”是按公式估算（每层稠密 FLOPs × 权重密度），并非实测。",
    },
    "cmp.side_by_side": {"en": "Side by side on the same inputs", "zh": "相同输入上的并排对比"},
    "cmp.disagree_first": {"en": "Show disagreements first", "zh": "优先显示不一致的样本"},
    "cmp.pair_caption": {
        "en": "true {true}: {a} ({pa:.0%}) → {b} ({pb:.0%})",
        "zh": "真实 {true}：{a}（{pa:.0%}）→ {b}（{pb:.0%}）",
    },
    "cmp.pairs_title": {
        "en": "Original → {variant}: they disagree on {n} of {total} test digits (red)",
        "zh": "原始模型 → {variant}：在 {total} 个测试数字中有 {n} 个预测不同（红色）",
    },
    "cmp.size_ratio": {"en": "size ratio", "zh": "大小比"},
    "cmp.latency_ratio": {"en": "latency ratio", "zh": "延迟比"},
    # --- pruning ------------------------------------------------------------------------------
    "prune.method": {"en": "Method", "zh": "方法"},
    "prune.method.l1_unstructured": {
        "en": "L1 unstructured (smallest weights)",
        "zh": "L1 非结构化（最小权重）",
    },
    "prune.method.random_unstructured": {"en": "Random unstructured", "zh": "随机非结构化"},
    "prune.method.l1_structured": {
        "en": "L1 structured (channels, as masks)",
        "zh": "L1 结构化（通道，掩码）",
    },
    "prune.method.l2_structured": {
        "en": "L2 structured (channels, as masks)",
        "zh": "L2 结构化（通道，掩码）",
    },
    "prune.method.channel_removal": {
        "en": "Channel removal (torch-pruning)",
        "zh": "通道移除（torch-pruning）",
    },
    "prune.amount": {"en": "Amount", "zh": "剪枝比例"},
    "prune.amount_help": {
        "en": "Fraction of weights (unstructured) or channels (structured) to remove in each targeted layer, or overall with global scope.",
        "zh": "每个目标层中要移除的权重（非结构化）或通道（结构化）比例；全局范围时为总体比例。",
    },
    "prune.scope": {"en": "Scope", "zh": "范围"},
    "prune.scope.layer": {"en": "per layer", "zh": "逐层"},
    "prune.scope.global": {"en": "global", "zh": "全局"},
    "prune.no_finetune": {
        "en": "Fine-tuning: not here — {why}",
        "zh": "微调：此处不可用 —— {why}",
    },
    "prune.scope_layer_only": {
        "en": "Scope: per layer — this method has no global form (one threshold across layers).",
        "zh": "范围：逐层 —— 此方法没有全局形式（跨层共用一个阈值）。",
    },
    "prune.scope_help": {
        "en": "Per layer: every layer loses the same fraction. Global: the smallest weights of all targeted layers compete, so some layers lose much more than others.",
        "zh": "逐层：每层剪掉相同比例。全局：所有目标层的权重一起比较大小，因此有些层会被剪掉更多。",
    },
    "prune.layers": {"en": "Layers", "zh": "层"},
    "prune.layers.all": {"en": "all", "zh": "全部"},
    "prune.layers.conv": {"en": "conv only", "zh": "仅卷积层"},
    "prune.layers.linear": {"en": "linear only", "zh": "仅全连接层"},
    "prune.layers.pick": {"en": "pick…", "zh": "自选……"},
    "prune.pick": {"en": "Layers to prune", "zh": "要剪枝的层"},
    "prune.unknown_layers": {
        "en": "Some layer names in the link do not exist in this model and were dropped.",
        "zh": "链接中的部分层名在此模型中不存在，已忽略。",
    },
    "prune.finetune": {"en": "Fine-tune epochs", "zh": "微调轮数"},
    "prune.finetune_help": {
        "en": "Retrain the pruned model briefly on the training digits; pruned weights stay zero.",
        "zh": "在训练集上对剪枝后的模型进行短暂再训练；被剪掉的权重保持为零。",
    },
    "prune.finetune_na": {
        "en": "Fine-tuning needs labelled training data; this model has none here.",
        "zh": "微调需要带标签的训练数据，此模型在这里没有。",
    },
    "prune.variant_label": {"en": "{method} {amount:.0%}", "zh": "{method} {amount:.0%}"},
    "prune.speed.masked": {
        "en": "Masks keep every weight matrix dense: the measured latency is ×{latency:.2f} of the original although a sparse kernel could skip zeros down to ×{effective:.2f} of the FLOPs (estimate). Dense kernels multiply the zeros too, so masked sparsity saves no time here — it shows which weights matter, and it compresses well.",
        "zh": "掩码让每个权重矩阵仍是稠密的：实测延迟为原始模型的 ×{latency:.2f}，尽管稀疏内核理论上可把 FLOPs 降到 ×{effective:.2f}（估算）。稠密内核照样会乘以这些零，因此掩码稀疏在这里不省时间——它揭示哪些权重重要，并且便于压缩存储。",
    },
    "prune.speed.removed": {
        "en": "Channels were really removed: the layers are smaller, FLOPs are ×{flops:.2f} (counted) and the measured latency is ×{latency:.2f} of the original.",
        "zh": "通道被真正移除：各层变小了，FLOPs 为原始的 ×{flops:.2f}（实测计数），实测延迟为原始的 ×{latency:.2f}。",
    },
    "prune.error.no_layers": {
        "en": "No layer of {model} matches the layer filter “{layers}”: choose another filter.",
        "zh": "{model} 中没有符合层筛选条件“{layers}”的层：请换一个筛选条件。",
    },
    "prune.error.unknown_layers": {
        "en": "These layers do not exist in this model: {layers}.",
        "zh": "此模型中不存在这些层：{layers}。",
    },
    "prune.error.unsupported": {
        "en": "Channel removal cannot handle {model}: {reason}. The masked methods still work on it.",
        "zh": "通道移除无法处理 {model}：{reason}。掩码类剪枝方法仍可用于该模型。",
    },
    "prune.note.masked_no_speedup": {
        "en": "Masked pruning only sets weights to zero: every tensor keeps its shape, so the model is neither smaller on disk nor faster with dense kernels.",
        "zh": "掩码剪枝只是把权重置零：每个张量的形状不变，因此模型文件不会变小，用稠密内核运行也不会变快。",
    },
    "prune.note.output_kept": {
        "en": "Layers that produce the model's output keep all their output channels (the classifier keeps its 10 classes, MiniLM its 384-dimensional embedding), so they were pruned less or not at all.",
        "zh": "产生模型输出的层保留全部输出通道（分类器保留 10 个类别，MiniLM 保留 384 维嵌入），因此这些层剪得更少或未被剪枝。",
    },
    "prune.note.coupled_layers": {
        "en": "Removing channels also shrank layers you did not choose: they share those channels with the chosen ones (the dependency graph keeps the model consistent).",
        "zh": "移除通道时也缩小了你没有选择的层：它们与所选层共享这些通道（依赖图会保持模型结构一致）。",
    },
    "prune.note.whole_heads": {
        "en": "Attention loses whole heads, so the amount is rounded to a whole number of heads per layer.",
        "zh": "注意力层按整个注意力头移除，因此剪枝比例会取整到每层整数个头。",
    },
    "prune.note.global_unstructured_only": {
        "en": "Global scope applies to unstructured methods only; this method pruned every layer by the same amount.",
        "zh": "全局范围只适用于非结构化方法；此方法对每层按相同比例剪枝。",
    },
    "prune.note.finetune_classification_only": {
        "en": "Fine-tuning needs a single-input classifier with labelled training data, which this model does not have here: it was not fine-tuned.",
        "zh": "微调需要带标签训练数据的单输入分类模型，此模型在这里不满足：它未进行微调。",
    },
    "prune.sparsity_per_layer": {
        "en": "Sparsity per layer (weights, biases excluded)",
        "zh": "每层稀疏度（权重，不含偏置）",
    },
    "prune.params_per_layer": {"en": "Parameters per layer", "zh": "每层参数量"},
    "prune.inspect": {"en": "Inspect layer", "zh": "查看层"},
    "prune.histogram": {
        "en": "Weights of {layer} (log count)",
        "zh": "{layer} 的权重分布（对数计数）",
    },
    "prune.weight_value": {"en": "weight value", "zh": "权重值"},
    "prune.heatmap_cropped": {
        "en": "Showing the top-left {rows}×{cols} block of a {shape} matrix; blank cells are pruned weights.",
        "zh": "显示 {shape} 矩阵左上角 {rows}×{cols} 的区域；空白格为被剪掉的权重。",
    },
    "prune.sweep.title": {"en": "Accuracy vs sparsity", "zh": "准确率与稀疏度"},
    "prune.sweep.caption": {
        "en": "Prunes the original at {n} amounts with this method and measures each (quality, FLOPs, latency). The dashed line is the slider's value.",
        "zh": "用当前方法在 {n} 个比例上剪枝原始模型并逐一测量（质量、FLOPs、延迟）。虚线是滑块的当前值。",
    },
    "prune.sweep.run": {"en": "Run the sweep", "zh": "运行扫描"},
    "prune.sweep.quality": {"en": "quality", "zh": "质量"},
    "prune.sweep.ratio": {"en": "vs original", "zh": "相对原始"},
    "prune.sweep.latency_ratio": {"en": "latency (measured)", "zh": "延迟（实测）"},
    "prune.sweep.flops_ratio": {"en": "FLOPs (dense, counted)", "zh": "FLOPs（稠密，计数）"},
    "prune.sweep.effective_ratio": {
        "en": "FLOPs if zeros skipped (estimate)",
        "zh": "跳过零值的 FLOPs（估算）",
    },
    "prune.sweep.chart": {
        "en": "Quality (top) and cost relative to the original (bottom) vs amount",
        "zh": "质量（上）与相对原始模型的开销（下）随剪枝比例的变化",
    },
    "prune.sens.chart": {
        "en": "Quality drop when only this layer is pruned",
        "zh": "仅剪枝该层时的质量下降",
    },
    "prune.sens.title": {"en": "Per-layer sensitivity", "zh": "逐层敏感度"},
    "prune.sens.caption": {
        "en": "Prunes one layer at a time (all others intact) and measures the quality drop: fragile layers deserve a lower amount.",
        "zh": "每次只剪一层（其余不变）并测量质量下降：脆弱的层应使用更低的剪枝比例。",
    },
    "prune.sens.run": {"en": "Run the sensitivity sweep", "zh": "运行敏感度扫描"},
    "prune.sens.drop": {"en": "quality drop", "zh": "质量下降"},
    # --- quantization -------------------------------------------------------------------------
    "quant.method": {"en": "Method", "zh": "方法"},
    "quant.method.dynamic_int8": {
        "en": "Dynamic int8 (Linear layers)",
        "zh": "动态 int8（全连接层）",
    },
    "quant.method.static_int8": {"en": "Static int8 (calibrated)", "zh": "静态 int8（校准）"},
    "quant.method.fp16": {"en": "Half precision fp16", "zh": "半精度 fp16"},
    "quant.method.bf16": {"en": "bfloat16", "zh": "bfloat16"},
    "quant.note.activations_7bit": {
        "en": "On x86, torch's int8 kernels round activations to 7 bits (0…127, reduce_range) so that CPUs without VNNI cannot overflow their 16-bit sums; this costs more fidelity than rounding the weights does.",
        "zh": "在 x86 上，torch 的 int8 内核把激活值舍入到 7 位（0…127，reduce_range），以免没有 VNNI 的 CPU 的 16 位累加溢出；它造成的保真度损失比权重舍入更大。",
    },
    "quant.note.attention_fp32": {
        "en": "nn.MultiheadAttention stays in fp32: it hands its weights straight to F.multi_head_attention_forward, which has no int8 kernel in torch.ao. Only the layers outside attention are int8.",
        "zh": "nn.MultiheadAttention 保持 fp32：它把权重直接交给 F.multi_head_attention_forward，而 torch.ao 没有对应的 int8 内核。只有注意力之外的层是 int8。",
    },
    "quant.note.bf16_mantissa": {
        "en": "bfloat16 keeps fp32's exponent range but only 8 significant bits (fp16: 11): it rounds more coarsely than fp16 but never overflows.",
        "zh": "bfloat16 保留 fp32 的指数范围，但只有 8 位有效数字（fp16 为 11 位）：舍入比 fp16 更粗，但不会溢出。",
    },
    "quant.note.dynamic_linear_only": {
        "en": "Dynamic int8 converts nn.Linear layers only; convolutions stay in fp32.",
        "zh": "动态 int8 只转换 nn.Linear 层；卷积层保持 fp32。",
    },
    "quant.note.embeddings_fp32": {
        "en": "Embedding tables stay in fp32 (int8 here covers Linear layers), so the file shrinks far less than 4×: in MiniLM they hold about half of the weights.",
        "zh": "嵌入表保持 fp32（这里的 int8 只覆盖 Linear 层），所以文件远没有缩小 4 倍：在 MiniLM 中嵌入约占一半权重。",
    },
    "quant.note.fp16_cpu_slow": {
        "en": "This CPU has no native fp16 arithmetic (AVX512-FP16 or AMX-FP16): fp16 halves the size, but every operation converts to fp32 and back, so it runs slower than fp32.",
        "zh": "这颗 CPU 没有原生 fp16 运算（AVX512-FP16 或 AMX-FP16）：fp16 让模型缩小一半，但每次运算都要转换成 fp32 再转回，因此比 fp32 更慢。",
    },
    "quant.note.static_calibration": {
        "en": "Activation ranges were fixed once on the calibration digits; values outside those ranges are clipped at run time.",
        "zh": "激活值范围已在校准数字上一次性确定；运行时超出这些范围的值会被截断。",
    },
    "quant.why.int8_faster": {
        "en": "{ratio:.2f}× the fp32 time: the int8 layers read 4× fewer weight bytes and fit 4× as many values into each vector instruction, which outweighs quantizing the activations on every call and the parts left in fp32.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：int8 层读取的权重字节少 4 倍，每条向量指令容纳的数值多 4 倍，这超过了每次调用量化激活值以及仍为 fp32 的部分带来的开销。",
    },
    "quant.why.int8_overhead": {
        "en": "{ratio:.2f}× the fp32 time: the parts left in fp32 (embeddings, attention scores, LayerNorm, layers kept on purpose) and quantizing activations on every call eat up the int8 gain.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：仍为 fp32 的部分（嵌入、注意力分数、LayerNorm、特意保留的层）以及每次调用时对激活值的量化，抵消了 int8 的收益。",
    },
    "quant.why.int8_not_faster": {
        "en": "{ratio:.2f}× the fp32 time: int8 saves arithmetic only inside the quantized layers, while every call still quantizes activations, dequantizes results and runs the layers left in fp32; in this model those costs outweigh the saving.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：int8 只在被量化的层内节省计算，而每次调用仍要量化激活值、反量化结果，并运行仍为 fp32 的层；在这个模型中，这些开销超过了节省。",
    },
    "quant.why.fp16_native": {
        "en": "{ratio:.2f}× the fp32 time: this CPU computes in fp16 natively (AVX512-FP16 or AMX-FP16), torch hands convolutions and matrix products to oneDNN's fp16 kernels, and every layer moves half the bytes.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：这颗 CPU 原生支持 fp16 运算（AVX512-FP16 或 AMX-FP16），torch 把卷积和矩阵乘法交给 oneDNN 的 fp16 内核，并且每一层搬运的字节减半。",
    },
    "quant.why.fp16_native_not_faster": {
        "en": "{ratio:.2f}× the fp32 time, although this CPU computes in fp16 natively (AVX512-FP16 or AMX-FP16): torch hands only convolutions and matrix products to oneDNN's fp16 kernels; the other operations (activations, pooling, norms, softmax) mostly compute in fp32 and convert back, and in this model those conversions and oneDNN's per-call set-up cost more than the faster arithmetic saves.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×，尽管这颗 CPU 原生支持 fp16 运算（AVX512-FP16 或 AMX-FP16）：torch 只把卷积和矩阵乘法交给 oneDNN 的 fp16 内核；其他运算（激活、池化、归一化、softmax）大多转换成 fp32 计算再转回，在这个模型中，这些转换和 oneDNN 每次调用的准备开销超过了更快运算带来的节省。",
    },
    "quant.why.fp16_emulated_faster": {
        "en": "{ratio:.2f}× the fp32 time, although this CPU has no native fp16 arithmetic (AVX512-FP16 or AMX-FP16) and converts each fp16 operation to fp32 and back: the gain can only come from moving half the bytes, which pays where the weights do not fit in the caches. Otherwise it is timing noise: measure again.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×，尽管这颗 CPU 没有原生 fp16 运算（AVX512-FP16 或 AMX-FP16），每个 fp16 运算都要转换成 fp32 再转回：收益只可能来自搬运的字节减半，这在权重放不进缓存时才有用。否则就是计时波动：请再测一次。",
    },
    "quant.why.fp16_emulated": {
        "en": "{ratio:.2f}× the fp32 time: this CPU has no native fp16 arithmetic (AVX512-FP16 or AMX-FP16), so each fp16 operation is converted to fp32 and back. On such CPUs, fp16 saves memory, not time.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：这颗 CPU 没有原生 fp16 运算（AVX512-FP16 或 AMX-FP16），每个 fp16 运算都要转换成 fp32 再转回。在这样的 CPU 上，fp16 省的是内存，不是时间。",
    },
    "quant.why.bf16_amx": {
        "en": "{ratio:.2f}× the fp32 time: oneDNN runs the convolutions and matrix products on this CPU's AMX-BF16 tiles (a whole block of multiply-adds per instruction), and every layer moves half the bytes.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：oneDNN 在这颗 CPU 的 AMX-BF16 矩阵单元上运行卷积和矩阵乘法（每条指令完成一整块乘加），并且每一层搬运的字节减半。",
    },
    "quant.why.bf16_amx_not_faster": {
        "en": "{ratio:.2f}× the fp32 time, although this CPU has AMX-BF16 tiles: oneDNN uses them for convolutions and matrix products, but tiles pay off on large matrices; here, converting data into the tile layout, oneDNN's per-call set-up and the other operations (activations, pooling, norms, softmax, computed in fp32 and converted back) cost more than they save.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×，尽管这颗 CPU 有 AMX-BF16 矩阵单元：oneDNN 用它们计算卷积和矩阵乘法，但矩阵单元只在大矩阵上才划算；在这里，把数据转换成矩阵单元的布局、oneDNN 每次调用的准备开销，以及其他运算（激活、池化、归一化、softmax，以 fp32 计算再转回）的开销超过了节省。",
    },
    "quant.why.bf16_native": {
        "en": "{ratio:.2f}× the fp32 time: oneDNN runs the convolutions and matrix products on this CPU's bf16 dot-product instructions (AVX512-BF16), and every layer moves half the bytes.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：oneDNN 在这颗 CPU 的 bf16 点积指令（AVX512-BF16）上运行卷积和矩阵乘法，并且每一层搬运的字节减半。",
    },
    "quant.why.bf16_not_faster": {
        "en": "{ratio:.2f}× the fp32 time, although this CPU has bf16 dot-product instructions (AVX512-BF16): oneDNN uses them only for convolutions and matrix products; the other operations compute in fp32 and convert back, and in this model those conversions and oneDNN's per-call set-up cost more than they save.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×，尽管这颗 CPU 有 bf16 点积指令（AVX512-BF16）：oneDNN 只在卷积和矩阵乘法中使用它们；其他运算以 fp32 计算再转回，在这个模型中，这些转换和 oneDNN 每次调用的准备开销超过了节省。",
    },
    "quant.why.bf16_emulated_faster": {
        "en": "{ratio:.2f}× the fp32 time, although this CPU has no native bf16 arithmetic (AVX512-BF16 or AMX-BF16) and widens bf16 values to fp32 to compute: the gain can only come from moving half the bytes, which pays where the weights do not fit in the caches. Otherwise it is timing noise: measure again.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×，尽管这颗 CPU 没有原生 bf16 运算（AVX512-BF16 或 AMX-BF16），计算时要把 bf16 扩展为 fp32：收益只可能来自搬运的字节减半，这在权重放不进缓存时才有用。否则就是计时波动：请再测一次。",
    },
    "quant.why.bf16_emulated": {
        "en": "{ratio:.2f}× the fp32 time: this CPU has no native bf16 arithmetic (AVX512-BF16 or AMX-BF16), so bf16 values are widened to fp32 for every operation.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：这颗 CPU 没有原生 bf16 运算（AVX512-BF16 或 AMX-BF16），每次运算都要把 bf16 扩展为 fp32。",
    },
    "quant.why.faster": {
        "en": "{ratio:.2f}× the fp32 time: the lower-precision layers move fewer bytes, and on this model that outweighs converting values at their boundaries.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：低精度层搬运的字节更少，在这个模型上，这超过了在层边界转换数值的开销。",
    },
    "quant.why.not_faster": {
        "en": "{ratio:.2f}× the fp32 time: converting values at the boundaries of the lower-precision layers, and the per-call overheads, cost at least as much as the cheaper arithmetic saves on this model.",
        "zh": "耗时为 fp32 的 {ratio:.2f}×：在低精度层边界转换数值以及每次调用的额外开销，至少抵消了更便宜的运算在这个模型上节省的时间。",
    },
    "quant.why.amx_int8_static": {
        "en": "This CPU has AMX-INT8 tiles and AVX512-VNNI: torch's x86 engine hands the int8 convolutions to oneDNN, which runs them on the tiles; int8 Linear layers run on FBGEMM, which has no AMX kernels and uses AVX512-VNNI.",
        "zh": "这颗 CPU 有 AMX-INT8 矩阵单元和 AVX512-VNNI：torch 的 x86 引擎把 int8 卷积交给 oneDNN，由它在矩阵单元上运行；int8 Linear 层运行在 FBGEMM 上，它没有 AMX 内核，使用的是 AVX512-VNNI。",
    },
    "quant.why.amx_int8_unused": {
        "en": "This CPU has AMX-INT8 tiles, but the int8 kernels measured here do not use them: int8 Linear layers run on FBGEMM, which has no AMX kernels (it uses VNNI where the CPU has it), and torch hands int8 convolutions to oneDNN, the library that uses AMX, only for static int8 on CPUs with AVX512-VNNI. A model quantized with X86InductorQuantizer (PT2E) and run under torch.compile goes through oneDNN and can use AMX.",
        "zh": "这颗 CPU 有 AMX-INT8 矩阵单元，但这里测量的 int8 内核没有用到它：int8 Linear 层运行在 FBGEMM 上，它没有 AMX 内核（CPU 支持时使用 VNNI）；而 torch 只在静态 int8 且 CPU 具备 AVX512-VNNI 时，才把 int8 卷积交给使用 AMX 的 oneDNN。用 X86InductorQuantizer（PT2E）量化并在 torch.compile 下运行的模型会经过 oneDNN，可以用上 AMX。",
    },
    "quant.why.vnni": {
        "en": "This CPU has AVX512-VNNI: one instruction multiplies four int8 pairs and adds them into a 32-bit sum. torch's int8 kernels use it (FBGEMM for Linear layers, oneDNN for static int8 convolutions).",
        "zh": "这颗 CPU 有 AVX512-VNNI：一条指令即可把四对 int8 相乘并累加到 32 位和中。torch 的 int8 内核会用到它（Linear 层用 FBGEMM，静态 int8 卷积用 oneDNN）。",
    },
    "quant.why.avx_vnni_only": {
        "en": "This CPU has AVX-VNNI (256-bit int8 dot products) but not AVX512-VNNI, which torch's x86 engine checks for before it hands int8 convolutions to oneDNN; FBGEMM runs the int8 layers.",
        "zh": "这颗 CPU 有 AVX-VNNI（256 位 int8 点积），但没有 AVX512-VNNI，而 torch 的 x86 引擎要先确认有 AVX512-VNNI 才会把 int8 卷积交给 oneDNN；int8 层由 FBGEMM 运行。",
    },
    "quant.why.no_vnni": {
        "en": "This CPU has no VNNI or AMX int8 dot-product instructions, so int8 matrix products fall back to slower multi-instruction sequences.",
        "zh": "这颗 CPU 没有 VNNI 或 AMX 的 int8 点积指令，int8 矩阵乘法只能退回到更慢的多指令序列。",
    },
    "quant.error.unsupported": {
        "en": "{method} cannot be applied to {model}: {reason}.",
        "zh": "无法对 {model} 使用 {method}：{reason}。",
    },
    "quant.reason.no_linear": {
        "en": "{method} converts nn.Linear layers, and this model has none.",
        "zh": "{method} 转换 nn.Linear 层，而该模型没有。",
    },
    "quant.reason.no_layers": {
        "en": "{method} converts nn.Linear and convolution layers, and this model has none.",
        "zh": "{method} 转换 nn.Linear 和卷积层，而该模型没有。",
    },
    "quant.reason.several_inputs": {
        "en": "{method} calibrates on one input tensor; this model takes {inputs} inputs.",
        "zh": "{method} 用单个输入张量校准；该模型有 {inputs} 个输入。",
    },
    "quant.reason.fx_trace": {
        "en": "static int8 traces the forward with torch.fx, which fails on this model: {error}",
        "zh": "静态 int8 用 torch.fx 追踪 forward，而该模型追踪失败：{error}",
    },
    "quant.error.keep_int8_only": {
        "en": "Keeping layers in fp32 applies to the int8 methods only, not to {method}.",
        "zh": "“保留 fp32 层”只适用于 int8 方法，不适用于 {method}。",
    },
    "quant.error.unknown_layers": {
        "en": "{method} does not convert these layers, so they cannot be kept in fp32: {layers}",
        "zh": "{method} 不会转换这些层，因此无法把它们保留为 fp32：{layers}",
    },
    "quant.flops_note": {
        "en": "Lower precision does the same number of multiply-adds, each one cheaper: quantized rows show the fp32 model's FLOP count (torch's counter does not see int8 kernels).",
        "zh": "低精度执行的乘加次数相同，只是每次更便宜：量化行显示 fp32 模型的 FLOPs（torch 的计数器看不到 int8 内核）。",
    },
    "quant.half_hist": {
        "en": "{method} rounds each weight to the nearest representable {method} value; no integer grid applies.",
        "zh": "{method} 把每个权重舍入到最近的 {method} 可表示值；不存在整数网格。",
    },
    "quant.per_channel": {"en": "Per-channel scales", "zh": "逐通道缩放"},
    "quant.per_channel_help": {
        "en": "One int8 scale per output channel instead of one per tensor: a finer grid for channels with small weights.",
        "zh": "每个输出通道一个 int8 缩放因子，而不是整个张量一个：对权重较小的通道网格更精细。",
    },
    "quant.calib": {"en": "Calibration batches", "zh": "校准批次数"},
    "quant.int8_only": {
        "en": "Per-channel scales and layers kept in fp32 apply to int8 only.",
        "zh": "逐通道缩放与保留 fp32 的层只适用于 int8。",
    },
    "quant.calib_none": {
        "en": "Calibration: none — this method reads activation ranges at run time or keeps activations in float.",
        "zh": "校准：无需 —— 此方法在运行时读取激活范围，或保持激活为浮点。",
    },
    "quant.calib_help": {
        "en": "Batches of 32 training digits run through the model to choose the activation ranges.",
        "zh": "用于确定激活值范围的训练数字批次数（每批 32 个）。",
    },
    "quant.keep": {"en": "Keep most sensitive layers fp32", "zh": "最敏感的层保留 fp32"},
    "quant.keep_help": {
        "en": "Leave the k layers whose int8 version hurts the output most in full precision: fidelity up, speed-up down.",
        "zh": "把 int8 化后对输出伤害最大的 k 层保留为全精度：保真度上升，加速减少。",
    },
    "quant.kept": {"en": "Kept in fp32: {layers}", "zh": "保留为 fp32：{layers}"},
    "quant.library": {"en": "Computed with {library}.", "zh": "使用 {library} 计算。"},
    "quant.error_title": {
        "en": "Quantization error per layer (higher is better)",
        "zh": "每层量化误差（越高越好）",
    },
    "quant.error_caption": {
        "en": "SQNR = 10·log10(signal power / error power). Every 6 dB is about one more bit of precision.",
        "zh": "SQNR = 10·log10(信号功率 / 误差功率)。每 6 dB 约等于多一位精度。",
    },
    "quant.sqnr_weight": {"en": "weights", "zh": "权重"},
    "quant.sqnr_output": {"en": "layer output", "zh": "层输出"},
    "quant.hist_layer": {"en": "Layer", "zh": "层"},
    "quant.channel": {"en": "Channel", "zh": "通道"},
    "quant.weights": {"en": "weights", "zh": "权重"},
    "quant.grid": {"en": "int8 levels (step {scale:.2e})", "zh": "int8 量化级（步长 {scale:.2e}）"},
    "quant.hist_title": {
        "en": "Weights of {layer} on the int8 grid",
        "zh": "{layer} 的权重与 int8 网格",
    },
    "quant.grid_caption": {
        "en": "Each weight is rounded to the nearest grey line: scale {scale:.3e}, zero point {zp}, {levels} levels cover these weights.",
        "zh": "每个权重被舍入到最近的灰线：缩放 {scale:.3e}，零点 {zp}，{levels} 个量化级覆盖这些权重。",
    },
    "quant.cpu_title": {"en": "This CPU: {cpu}", "zh": "本机 CPU：{cpu}"},
    "quant.cpu_caption": {
        "en": "torch's CPU kernels use the {capability} instruction set here. int8 speed-ups need VNNI or AMX; fp16/bf16 need native support or they are emulated.",
        "zh": "torch 的 CPU 内核在这里使用 {capability} 指令集。int8 加速需要 VNNI 或 AMX；fp16/bf16 需要原生支持，否则只能模拟。",
    },
    # --- distillation -------------------------------------------------------------------------
    "distill.width": {"en": "Student width", "zh": "学生模型宽度"},
    "distill.width_help": {
        "en": "Channels and hidden units of the student relative to the teacher.",
        "zh": "学生模型的通道数和隐藏单元数相对教师模型的比例。",
    },
    "distill.temp": {"en": "Temperature T", "zh": "温度 T"},
    "distill.temp_help": {
        "en": "Softmax temperature of the soft targets: higher T reveals which wrong classes the teacher finds similar.",
        "zh": "软目标的 softmax 温度：T 越高，越能体现教师认为哪些错误类别相似。",
    },
    "distill.alpha": {"en": "Soft-loss weight α", "zh": "软损失权重 α"},
    "distill.alpha_help": {
        "en": "α on the teacher's soft targets, 1 − α on the true labels. α = 0 is plain training.",
        "zh": "α 作用于教师的软目标，1 − α 作用于真实标签。α = 0 即普通训练。",
    },
    "distill.epochs": {"en": "Epochs", "zh": "训练轮数"},
    "distill.train": {
        "en": "Train the student (and the scratch baseline)",
        "zh": "训练学生模型（及从零训练的基线）",
    },
    "distill.hint": {
        "en": "Press the button: the student learns from the teacher while an identical student learns from the labels alone, with the same budget. Curves update live.",
        "zh": "点击按钮：学生模型向教师学习，同时一个相同的学生只从标签学习，训练预算相同。曲线会实时更新。",
    },
    "distill.not_applicable": {
        "en": "Distillation needs labelled training data; {model} is a sentence encoder without a shipped training corpus, so this technique is not offered for it.",
        "zh": "蒸馏需要带标签的训练数据；{model} 是句子编码器，本项目未附带其训练语料，因此不提供此技术。",
    },
    "distill.error.unsupported": {
        "en": "Knowledge distillation works on the digit classifiers only: “{model}” has no student model here. Distilling a sentence encoder needs a large text corpus, which ModelLens does not ship.",
        "zh": "知识蒸馏仅适用于数字分类模型：“{model}”在这里没有对应的学生模型。蒸馏句子编码器需要大规模文本语料，而 ModelLens 并未附带。",
    },
    "distill.lesson": {
        "en": "What to expect on these digits (measured over 3 seeds, see tests/benchmarks/bench_distillation.py): at T = 4 a small student gains only about half an accuracy point over the same student trained on labels, within seed noise, but it varies less between seeds and agrees more with its teacher. The teacher is almost certain on every training digit, so its soft targets carry little extra knowledge; very small students (width ≤ 0.15) even lose. Distillation pays off most when the teacher knows more than the labels say.",
        "zh": "在这些数字上的预期（3 个随机种子实测，见 tests/benchmarks/bench_distillation.py）：T = 4 时，小学生模型比只用标签训练的相同模型只高约半个百分点，处于种子噪声之内，但不同种子之间更稳定、与教师更一致。教师对每个训练数字都几乎确定，因此软目标额外的知识很少；极小的学生（宽度 ≤ 0.15）甚至更差。当教师知道的比标签更多时，蒸馏收益最大。",
    },
    "distill.series.distilled": {"en": "distilled student", "zh": "蒸馏学生"},
    "distill.series.scratch": {"en": "student from scratch", "zh": "从零训练的学生"},
    "distill.teacher": {"en": "Teacher (original)", "zh": "教师（原始模型）"},
    "distill.curve_acc": {"en": "Test accuracy per epoch", "zh": "每轮测试准确率"},
    "distill.curve_loss": {"en": "Training loss per epoch", "zh": "每轮训练损失"},
    "distill.loss_axis": {
        "en": "cross-entropy on the true labels",
        "zh": "真实标签上的交叉熵",
    },
    "distill.objective_axis": {
        "en": "distillation loss (right axis)",
        "zh": "蒸馏损失（右轴）",
    },
    "distill.series.objective": {
        "en": "{name}: distillation loss it minimised",
        "zh": "{name}：其最小化的蒸馏损失",
    },
    "distill.epoch": {"en": "epoch", "zh": "轮次"},
    "distill.probability": {"en": "probability", "zh": "概率"},
    "distill.soft_title": {
        "en": "Teacher's probabilities for test digit #{index} (a {label})",
        "zh": "教师对测试数字 #{index}（真实为 {label}）的概率",
    },
    "distill.soft_caption": {
        "en": "Log scale. At T = 1 the teacher is nearly one-hot; at higher T the small probabilities — the “dark knowledge” of which digits look alike, which the student learns from — grow by orders of magnitude.",
        "zh": "对数坐标。T = 1 时教师几乎是独热分布；T 更高时，那些小概率——哪些数字看起来相似的“暗知识”，学生正是从中学习——会增大几个数量级。",
    },
    "distill.agreement": {"en": "Student–teacher agreement", "zh": "学生与教师一致率"},
    "distill.scratch_agreement": {
        "en": "Scratch–teacher agreement",
        "zh": "从零训练学生与教师一致率",
    },
    "distill.variant_label": {
        "en": "student {width:.0%} T={temp:g} α={alpha:.2f}",
        "zh": "学生 {width:.0%} T={temp:g} α={alpha:.2f}",
    },
    # --- kept variants ------------------------------------------------------------------------
    "variants.keep": {"en": "Keep this variant", "zh": "保存此变体"},
    "variants.kept": {"en": "Kept “{label}” for comparison.", "zh": "已保存“{label}”用于比较。"},
    "variants.already": {"en": "“{label}” is already kept.", "zh": "“{label}”已经保存过了。"},
    "variants.dropped": {
        "en": "At most {n} variants: dropped the oldest, “{label}”.",
        "zh": "最多保存 {n} 个变体：已移除最早的“{label}”。",
    },
    "variants.caption": {
        "en": "Up to {n} variants kept (button “Keep this variant” in each technique), next to the original. They are part of the address bar: a copied link brings them along.",
        "zh": "最多保存 {n} 个变体（各技术中的“保存此变体”按钮），与原始模型并列。它们也在地址栏里：复制的链接会一并带上。",
    },
    "variants.empty": {
        "en": "No variant kept yet for this model: prune, quantize or distil it, then press “Keep this variant”.",
        "zh": "此模型还没有保存的变体：先剪枝、量化或蒸馏，再点击“保存此变体”。",
    },
    "variants.csv": {"en": "Download the table (CSV)", "zh": "下载表格（CSV）"},
    "variants.clear": {"en": "Forget the kept variants", "zh": "清除已保存的变体"},
    "variants.chart": {
        "en": "Size, latency and quality relative to the original",
        "zh": "相对原始模型的大小、延迟与质量",
    },
    "variants.sample": {"en": "Test digit #", "zh": "测试数字编号"},
    "variants.true": {"en": "true label {label}", "zh": "真实标签 {label}"},
    "variants.text_hint": {
        "en": "For the sentence encoder, each technique shows the similarity matrices of the original and the variant side by side.",
        "zh": "对于句子编码器，各技术页面会并排显示原始模型与变体的相似度矩阵。",
    },
    # --- architecture graph and the profiled "why" (issue #20) --------------------------------
    "compress.technique.graph": {"en": "🕸️ Architecture graph", "zh": "🕸️ 结构图"},
    "graph.title": {
        "en": "Architecture: original (top) and variant (bottom)",
        "zh": "网络结构：原始模型（上）与变体（下）",
    },
    "graph.tracer": {
        "en": "Graph traced with {tracer} in {ms:.0f} ms.",
        "zh": "结构图由 {tracer} 追踪得到，耗时 {ms:.0f} ms。",
    },
    "graph.fallback": {
        "en": "{tracer} could not trace it ({reason}).",
        "zh": "{tracer} 无法追踪该模型（{reason}）。",
    },
    "graph.error.untraceable": {
        "en": "Neither torch.fx ({fx}) nor torch.export ({export}) could trace this model, so there is no graph. The layer table on Home still lists its modules.",
        "zh": "torch.fx（{fx}）和 torch.export（{export}）都无法追踪这个模型，因此没有结构图。首页的层表仍会列出它的模块。",
    },
    "graph.expand": {"en": "Expand repeated blocks", "zh": "展开重复的模块块"},
    "graph.expand_help": {
        "en": "The model repeats {n} blocks of the same kind; each is drawn as one square until you expand it.",
        "zh": "该模型重复了 {n} 个同类模块块；展开之前，每个块画成一个方块。",
    },
    "graph.params_original": {"en": "Parameters (original)", "zh": "参数量（原始）"},
    "graph.params_variant": {"en": "Parameters (variant)", "zh": "参数量（变体）"},
    "graph.nodes": {"en": "Nodes shown / traced", "zh": "显示 / 追踪的节点数"},
    "graph.legend": {
        "en": "Node size: output width (channels, features; removed channels and heads make nodes smaller). Colour: share of zero weights. Diamonds: int8 modules; squares: collapsed blocks; triangles: inputs and outputs. Data movement (views, transposes) is left out; hover a node for its shape, parameters, FLOPs and sparsity.",
        "zh": "节点大小：输出宽度（通道数、特征数；被移除的通道和注意力头会让节点变小）。颜色：零权重的比例。菱形：int8 模块；方块：折叠的模块块；三角形：输入与输出。数据搬运（view、转置）不画出；把鼠标移到节点上可看其形状、参数量、FLOPs 和稀疏度。",
    },
    "graph.word.members": {"en": "nodes inside", "zh": "内部节点"},
    "graph.word.shape": {"en": "output shape", "zh": "输出形状"},
    "graph.word.width": {"en": "width", "zh": "宽度"},
    "graph.word.heads": {"en": "heads", "zh": "注意力头"},
    "graph.word.params": {"en": "parameters", "zh": "参数量"},
    "graph.word.sparsity": {"en": "sparsity", "zh": "稀疏度"},
    "graph.word.flops": {"en": "FLOPs", "zh": "FLOPs"},
    "graph.word.quantized": {"en": "int8 (quantized)", "zh": "int8（已量化）"},
    "prune.why.run": {"en": "Profile where the time goes", "zh": "剖析时间花在哪里"},
    "prune.why.caption": {
        "en": "Measures the operators of the original and the pruned model (torch.profiler, eager, batch {batch}) so that the reason below is a measurement, not a rule.",
        "zh": "测量原始模型和剪枝后模型的算子（torch.profiler，eager，批大小 {batch}），让下面的原因来自实测而非经验规则。",
    },
    "prune.why.measured": {
        "en": "Measured one level down (torch.profiler, eager, batch {batch}, {threads} thread(s), {steps} steps): operator time went from {before_ms:.2f} to {after_ms:.2f} ms per step (×{ratio:.2f}). Of the pruned model's time, {top} takes {top_after:.0%} (was {top_before:.0%}, ×{top_ratio:.2f} in ms); {shrunk} shrank most (×{shrunk_ratio:.2f}).",
        "zh": "深入一层的实测（torch.profiler，eager，批大小 {batch}，{threads} 个线程，{steps} 步）：算子耗时从每步 {before_ms:.2f} ms变为 {after_ms:.2f} ms（×{ratio:.2f}）。在剪枝后的模型中，{top} 占 {top_after:.0%}（原为 {top_before:.0%}，ms 数 ×{top_ratio:.2f}）；{shrunk} 缩减最多（×{shrunk_ratio:.2f}）。",
    },
    "prune.why.link": {
        "en": "Full operator profile on Accelerate",
        "zh": "在“加速”页查看完整算子剖析",
    },
    # --- the code GPT (dashboard/areas/compress/llm.py) ---------------------------------------
    "lesson.llm_quantization.title": {
        "en": "🧮 Quantizing a language model",
        "zh": "🧮 量化语言模型",
    },
    "lesson.llm_quantization.text": {
        "en": "A language model is judged by perplexity: how surprised it is, on average, by the "
        "next token of text it never saw (lower is better). Weight-only quantization stores the "
        "weights in 8 or 4 bits and keeps the activations in float, so the model's answers "
        "barely move; removing attention heads without retraining costs far more.",
        "zh": "语言模型用困惑度来评判：它对没见过的文本的下一个词元平均有多“意外”（越低越好）。"
        "仅权重量化把权重存成 8 位或 4 位，激活值仍是浮点数，所以模型的输出几乎不变；"
        "不重新训练就剪掉注意力头的代价则大得多。",
    },
    "lesson.llm_quantization.try": {
        "en": "compare the **perplexity ×** column of int8, int4 and the pruned heads in "
        "“Every variant against the original”, then put int4 next to the original under "
        "“Same prompt, original vs variant”.",
        "zh": "在“每个变体与原始模型的对比”中比较 int8、int4 和剪枝注意力头的**困惑度 ×** 列，"
        "再在“相同提示：原始模型 vs 变体”中把 int4 放在原始模型旁边。",
    },
    "lesson.llm_quantization.step1": {
        "en": "Read int8 weight-only's **perplexity ×** and **size ×** in the table.",
        "zh": "在表格中读出 int8 仅权重量化的**困惑度 ×** 和**大小 ×**。",
    },
    "lesson.llm_quantization.step1.see": {
        "en": "Perplexity is unchanged to within 1 % (101.06 vs 101.10) at 0.42× the size on disk.",
        "zh": "困惑度的变化在 1% 以内（101.06 对 101.10），磁盘大小只有原来的 0.42 倍。",
    },
    "lesson.llm_quantization.step2": {
        "en": "Choose int4 as the **Variant** beside the original.",
        "zh": "把 int4 选为原始模型旁边的**变体**。",
    },
    "lesson.llm_quantization.step2.see": {
        "en": "Perplexity rises by about 1 % only, and the two continuations run the same for a "
        "while before they part; the size is 0.47×, not 0.25×, because this CPU build stores each "
        "4-bit value in a whole byte.",
        "zh": "困惑度只上升约 1%，两段续写在分开之前会相同一段；大小是 0.47 倍而不是 0.25 倍，"
        "因为这个 CPU 版本把每个 4 位值存在一个完整字节里。",
    },
    "lesson.llm_quantization.step3": {
        "en": "Choose “50 % of heads pruned” as the **Variant**.",
        "zh": "把“剪掉 50% 的注意力头”选为**变体**。",
    },
    "lesson.llm_quantization.step3.see": {
        "en": "Perplexity rises by about 30 % while the model shrinks by 13 % only: without "
        "retraining, removing structure costs far more than rounding weights.",
        "zh": "困惑度上升约 30%，而模型只缩小 13%：不重新训练时，删除结构的代价远大于对权重取整。",
    },
    "compress.llm.table_title": {
        "en": "Every variant against the original",
        "zh": "每个变体与原始模型的对比",
    },
    "compress.llm.table_caption": {
        "en": "Perplexity: exp of the mean next-token cross-entropy on the first {tokens} tokens of held-out standard-library modules (lower is better). Size: bytes of the state dict saved with torch.save. Speed: {new} new tokens after a {prompt}-token prompt, greedy, KV cache on, batch 1, {threads} thread(s), eager PyTorch, median ± IQR of {runs} torch.utils.benchmark runs per variant, the variants timed in turn so that the machine's load falls on all alike. Ratios (×) are against the fp32 original.",
        "zh": "困惑度：在留出的标准库模块前 {tokens} 个词元上，下一个词元交叉熵均值的指数（越低越好）。大小：用 torch.save 保存 state dict 的字节数。速度：在 {prompt} 个词元的提示后生成 {new} 个新词元，贪心、开启 KV 缓存、批大小 1、{threads} 个线程、eager PyTorch，每个变体 torch.utils.benchmark 运行 {runs} 次的中位数 ± 四分位距，各变体轮流计时，使机器负载均匀落在所有变体上。比值（×）相对于 fp32 原始模型。",
    },
    "compress.llm.measuring_quality": {
        "en": "Measuring perplexity and size of each variant",
        "zh": "正在测量每个变体的困惑度和大小",
    },
    "compress.llm.measuring_speed": {
        "en": "Timing generation of each variant (heavy job)",
        "zh": "正在为每个变体计时生成速度（重任务）",
    },
    "compress.llm.col.variant": {"en": "variant", "zh": "变体"},
    "compress.llm.col.params": {"en": "parameters", "zh": "参数量"},
    "compress.llm.col.size": {"en": "size MB", "zh": "大小 MB"},
    "compress.llm.col.size_ratio": {"en": "size ×", "zh": "大小 ×"},
    "compress.llm.col.ppl": {"en": "perplexity", "zh": "困惑度"},
    "compress.llm.col.ppl_ratio": {"en": "perplexity ×", "zh": "困惑度 ×"},
    "compress.llm.col.tokens_s": {"en": "tokens/s", "zh": "词元/秒"},
    "compress.llm.col.speed_ratio": {"en": "speed ×", "zh": "速度 ×"},
    "compress.llm.col.time": {
        "en": "{new} tokens, s (median ± IQR)",
        "zh": "{new} 个词元用时，秒（中位数 ± 四分位距）",
    },
    "compress.llm.col.library": {"en": "made with", "zh": "生成方式"},
    "compress.llm.variant.fp32": {"en": "fp32 original", "zh": "fp32 原始模型"},
    "compress.llm.variant.int8_weight_only": {
        "en": "int8 weight-only (torchao)",
        "zh": "int8 仅权重（torchao）",
    },
    "compress.llm.variant.int4_weight_only": {
        "en": "int4 weight-only, groups of 16 (torchao)",
        "zh": "int4 仅权重，每组 16 个（torchao）",
    },
    "compress.llm.variant.dynamic_int8": {
        "en": "dynamic int8 (torch.ao)",
        "zh": "动态 int8（torch.ao）",
    },
    "compress.llm.variant.heads_25": {
        "en": "25 % of heads pruned",
        "zh": "剪去 25% 注意力头",
    },
    "compress.llm.variant.heads_50": {
        "en": "50 % of heads pruned",
        "zh": "剪去 50% 注意力头",
    },
    "compress.llm.variant.ffn_25": {
        "en": "25 % of FFN channels pruned",
        "zh": "剪去 25% FFN 通道",
    },
    "compress.llm.variant.ffn_50": {
        "en": "50 % of FFN channels pruned",
        "zh": "剪去 50% FFN 通道",
    },
    "compress.llm.variant.student": {
        "en": "distilled student (2 layers)",
        "zh": "蒸馏学生模型（2 层）",
    },
    "compress.llm.pruning_note": {
        "en": "Pruning removes whole attention heads (1 or 2 of the 4 in every layer) or SwiGLU channels (108 or 216 of the 432 in every layer) with torch-pruning; importance is the L2 magnitude of each head's or channel's weights in q/k/v/o or gate/up/down (GroupMagnitudeImportance, p = 2). No fine-tuning follows: the perplexity is what removal alone costs.",
        "zh": "剪枝用 torch-pruning 移除整个注意力头（每层 4 个中的 1 或 2 个）或 SwiGLU 通道（每层 432 个中的 108 或 216 个）；重要性为每个头或通道在 q/k/v/o 或 gate/up/down 中权重的 L2 幅值（GroupMagnitudeImportance，p = 2）。剪枝后没有微调：困惑度反映的是仅移除带来的代价。",
    },
    "compress.llm.int4_note": {
        "en": "int4 is {int4_mb:.2f} MB here against {int8_mb:.2f} MB for int8: torchao's Int4WeightOnlyConfig has no CPU layout in this build (its packed formats need a GPU library), so the CPU path (IntxWeightOnlyConfig) stores each int4 value in a whole byte, plus one scale per group of 16. It shows the accuracy of 4-bit weights, not their memory saving.",
        "zh": "这里 int4 为 {int4_mb:.2f} MB，而 int8 为 {int8_mb:.2f} MB：本版本 torchao 的 Int4WeightOnlyConfig 没有 CPU 布局（其打包格式需要 GPU 库），所以 CPU 路径（IntxWeightOnlyConfig）把每个 int4 值存成一整个字节，外加每 16 个一组的缩放因子。它展示的是 4 位权重的精度，而不是内存节省。",
    },
    "compress.llm.speed_note": {
        "en": "Measured here: int8 weight-only runs at {int8:.2f}×, int4 at {int4:.2f}× and dynamic int8 at {dyn:.2f}× the original's tokens/s; the fastest variant is {fastest} at {fastest_ratio:.2f}×. Smaller weights need not mean faster generation on this CPU: in eager mode torchao's weight-only kernels turn the weights back to float on every call, dynamic int8 quantizes the activations on every call, and at batch 1 this model's matrices are so small (160 wide) that a step costs mostly per-operator overhead rather than reading weights.",
        "zh": "本机实测：int8 仅权重的词元/秒是原始模型的 {int8:.2f}×，int4 为 {int4:.2f}×，动态 int8 为 {dyn:.2f}×；最快的变体是 {fastest}，为 {fastest_ratio:.2f}×。在这台 CPU 上，权重变小不一定意味着生成更快：eager 模式下 torchao 的仅权重内核每次调用都把权重还原为浮点数，动态 int8 每次调用都要量化激活值；而批大小为 1 时本模型的矩阵很小（宽 160），每一步的耗时主要是逐算子的开销，而不是读取权重。",
    },
    "compress.llm.chart_title": {
        "en": "Size and perplexity of each variant",
        "zh": "每个变体的大小与困惑度",
    },
    "compress.llm.chart_x": {"en": "size on disk (MB)", "zh": "磁盘大小（MB）"},
    "compress.llm.chart_y": {"en": "validation perplexity", "zh": "验证集困惑度"},
    "compress.llm.speed_chart_title": {
        "en": "Generation speed, tokens/s (median, bars: IQR), {threads} thread(s)",
        "zh": "生成速度，词元/秒（中位数，误差线：四分位距），{threads} 个线程",
    },
    "compress.llm.side_title": {
        "en": "Same prompt, original vs variant",
        "zh": "相同提示：原始模型 vs 变体",
    },
    "compress.llm.side_variant": {"en": "Variant", "zh": "变体"},
    "compress.llm.side_prompt": {
        "en": "Prompt: the start of some Python code",
        "zh": "提示：一段 Python 代码的开头",
    },
    "compress.llm.side_new_tokens": {"en": "New tokens (greedy)", "zh": "新词元数（贪心）"},
    "compress.llm.side_caption": {
        "en": "Greedy decoding (the likeliest token at every step), so any difference comes from the compression, not from chance.",
        "zh": "贪心解码（每一步取最可能的词元），所以任何差异都来自压缩，而不是随机性。",
    },
    "compress.llm.side_original": {"en": "fp32 original", "zh": "fp32 原始模型"},
    "compress.llm.diverge_metric": {
        "en": "First different new token (from 0)",
        "zh": "第一个不同的新词元（从 0 计）",
    },
    "compress.llm.diverge_none": {"en": "none", "zh": "无"},
    "compress.llm.diverge": {
        "en": "They part at new token {index} (counted from 0: the {index} before it agree): the original wrote {a}, the variant {b}.",
        "zh": "两者在第 {index} 个新词元处分开（从 0 计数：之前的 {index} 个相同）：原始模型写出 {a}，变体写出 {b}。",
    },
    "compress.llm.same": {
        "en": "Both wrote the same {n} new tokens.",
        "zh": "两者写出了相同的 {n} 个新词元。",
    },
    "compress.llm.prompt_empty": {
        "en": "The prompt is empty: type the start of some Python code, for example `def __init__(self`.",
        "zh": "提示为空：请输入一段 Python 代码的开头，例如 `def __init__(self`。",
    },
    "compress.llm.prompt_too_long": {
        "en": "The prompt has {tokens} tokens, but with {new} new tokens it may have at most {limit} (the model knows 512 positions). Shorten it or ask for fewer new tokens.",
        "zh": "提示有 {tokens} 个词元，但生成 {new} 个新词元时最多只能有 {limit} 个（模型只认识 512 个位置）。请缩短提示或减少新词元数。",
    },
    "measure.llm_perplexity_ratio": {
        "en": "validation perplexity vs the fp32 original",
        "zh": "验证集困惑度（相对 fp32 原始模型）",
    },
}
