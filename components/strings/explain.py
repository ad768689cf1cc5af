"""Strings of the Explain page (English and 简体中文 side by side)."""

EXPLAIN: dict[str, dict[str, str]] = {
    "nav.explain": {"en": "Explain", "zh": "解释"},
    "explain.title": {"en": "🔍 Explain", "zh": "🔍 解释"},
    "explain.intro": {
        "en": "What does {model} look at? Attributions from captum, their faithfulness and sanity, attention, gradients — and how compression changes them. Everything is computed now, on a private copy of the model.",
        "zh": "{model} 在看什么？captum 的归因、归因的忠实度与合理性检验、注意力、梯度——以及压缩如何改变它们。一切都在模型的私有副本上实时计算。",
    },
    "explain.view": {"en": "View", "zh": "视图"},
    "explain.view.attributions": {"en": "🎯 Attributions", "zh": "🎯 归因"},
    "explain.view.faithfulness": {"en": "✂️ Faithfulness", "zh": "✂️ 忠实度"},
    "explain.view.sanity": {"en": "🎲 Sanity check", "zh": "🎲 合理性检验"},
    "explain.view.attention": {"en": "👁️ Attention", "zh": "👁️ 注意力"},
    "explain.view.gradients": {"en": "📶 Parameter gradients", "zh": "📶 参数梯度"},
    "explain.view.compressed": {"en": "🗜️ Original vs compressed", "zh": "🗜️ 原始 vs 压缩"},
    "explain.source": {"en": "Input", "zh": "输入"},
    "explain.source.test": {"en": "test digit", "zh": "测试数字"},
    "explain.source.upload": {"en": "upload", "zh": "上传"},
    "explain.source.draw": {"en": "draw", "zh": "手绘"},
    "explain.index": {"en": "Test digit #", "zh": "测试数字编号"},
    "explain.upload": {"en": "A PNG or JPEG of one digit", "zh": "一个数字的 PNG 或 JPEG 图片"},
    "explain.upload_help": {
        "en": "At most 5 MB. It is converted like the training data: grayscale, ink made bright on dark, cropped, shrunk to 8×8 and upsampled to 28×28.",
        "zh": "最大 5 MB。它会像训练数据一样被转换：灰度化、墨迹变为暗底亮字、裁剪、缩小到 8×8 再放大到 28×28。",
    },
    "explain.upload_hint": {"en": "Upload an image to explain it.", "zh": "上传一张图片来解释它。"},
    "explain.draw_hint": {
        "en": "Draw one digit, large and centred.",
        "zh": "画一个数字，尽量大且居中。",
    },
    "explain.model_sees": {"en": "what the model sees", "zh": "模型看到的输入"},
    "explain.target": {"en": "Explain the class", "zh": "解释的类别"},
    "explain.target_predicted": {"en": "the predicted class", "zh": "预测的类别"},
    "explain.probability": {"en": "probability", "zh": "概率"},
    "explain.prediction": {
        "en": "Prediction: {cls} · top 5: {top5}",
        "zh": "预测：{cls} · 前 5：{top5}",
    },
    "explain.methods": {"en": "Methods", "zh": "方法"},
    "explain.params": {"en": "Method parameters", "zh": "方法参数"},
    "explain.opacity": {"en": "Heatmap opacity", "zh": "热力图不透明度"},
    "explain.signed": {
        "en": "Signed (red for, blue against)",
        "zh": "带符号（红色支持，蓝色反对）",
    },
    "explain.signed_help": {
        "en": "Signed maps show whether a pixel pushes towards the class (red) or away from it (blue); off shows only how much it matters.",
        "zh": "带符号的图显示像素是推动该类别（红）还是抑制它（蓝）；关闭后只显示重要程度。",
    },
    "explain.no_methods": {"en": "Choose at least one method.", "zh": "请至少选择一种方法。"},
    "explain.computing": {"en": "Computing explanations…", "zh": "正在计算解释……"},
    "explain.cost": {
        "en": "{ms:.0f} ms · {fwd} forward / {bwd} backward",
        "zh": "{ms:.0f} ms · {fwd} 次前向 / {bwd} 次反向",
    },
    # Integrated Gradients and DeepLift: the cost, then captum's convergence delta.
    "explain.cost_delta": {
        "en": "{ms:.0f} ms · {fwd} forward / {bwd} backward · Δ {delta:+.1e} ({share:.1%})",
        "zh": "{ms:.0f} ms · {fwd} 次前向 / {bwd} 次反向 · Δ {delta:+.1e}（{share:.1%}）",
    },
    "explain.delta_meaning": {
        "en": "Δ (Integrated Gradients, DeepLift) is captum's convergence delta: the map's sum minus the change of the class score from the baseline to this image; in brackets, its size as a share of that change. Both methods promise Δ = 0: the larger the share, the more of the score the map leaves unexplained (for Integrated Gradients, raise its steps).",
        "zh": "Δ（积分梯度、DeepLift）是 captum 的收敛误差：热力图之和减去类别得分从基线到这张图像的变化量；括号内是它占该变化量的比例。两种方法都保证 Δ = 0：比例越大，热力图未能解释的得分越多（积分梯度可调高步数）。",
    },
    "explain.grid_title": {
        "en": "Why class {target}? Each method's answer",
        "zh": "为什么是类别 {target}？各方法的回答",
    },
    "explain.grid_caption": {
        "en": "Each map is scaled to its own maximum |value|. Cost = wall time of the captum call and the passes through the model it needed, counted with hooks: one pass per image, however many images went through in one batch.",
        "zh": "每张图按各自的最大绝对值缩放。开销 = captum 调用的耗时及其对模型的前向/反向次数（用钩子计数）：每张图像算一次，不论一批送入多少张。",
    },
    "explain.agreement": {"en": "Agreement measure", "zh": "一致性度量"},
    "explain.agreement.spearman": {"en": "Spearman rank correlation", "zh": "Spearman 秩相关"},
    "explain.agreement.topk": {"en": "top-10 % pixel overlap", "zh": "前 10% 像素重合度"},
    "explain.agreement_title": {"en": "How much the methods agree", "zh": "各方法之间的一致程度"},
    "explain.focus": {"en": "Explanation method", "zh": "解释方法"},
    "explain.vs_random": {"en": "{delta:+.3f} vs random order", "zh": "相比随机顺序 {delta:+.3f}"},
    "explain.deletion_auc": {
        "en": "Deletion AUC (lower is better)",
        "zh": "删除曲线 AUC（越低越好）",
    },
    "explain.insertion_auc": {
        "en": "Insertion AUC (higher is better)",
        "zh": "插入曲线 AUC（越高越好）",
    },
    "explain.deletion": {"en": "deletion, {method}", "zh": "删除，{method}"},
    "explain.insertion": {"en": "insertion, {method}", "zh": "插入，{method}"},
    "explain.random_deletion": {"en": "deletion, random order", "zh": "删除，随机顺序"},
    "explain.random_insertion": {"en": "insertion, random order", "zh": "插入，随机顺序"},
    "explain.fraction": {
        "en": "pixels removed / inserted (most important first)",
        "zh": "删除/插入的像素比例（最重要的优先）",
    },
    "explain.target_prob": {"en": "P(class {target})", "zh": "P(类别 {target})"},
    "explain.curves_title": {"en": "Deletion and insertion curves", "zh": "删除与插入曲线"},
    "explain.curves_caption": {
        "en": "A faithful map names pixels that matter: deleting them first (replaced by black) makes the probability fall fast, inserting them first makes it rise fast. Dashed: the same in random order, the bar a method must clear.",
        "zh": "忠实的归因图指出真正重要的像素：先删除它们（替换为黑色）概率会迅速下降，先插入它们概率会迅速上升。虚线是随机顺序的结果，即方法必须超越的基准。",
    },
    "explain.k": {"en": "Show the input at", "zh": "显示比例"},
    "explain.deleted": {"en": "{k:.0%} deleted", "zh": "已删除 {k:.0%}"},
    "explain.inserted": {"en": "{k:.0%} inserted", "zh": "已插入 {k:.0%}"},
    "explain.infidelity_run": {
        "en": "Compute infidelity and sensitivity (captum.metrics)",
        "zh": "计算不忠实度与敏感度（captum.metrics）",
    },
    "explain.infidelity": {"en": "Infidelity (lower is better)", "zh": "不忠实度（越低越好）"},
    "explain.sensitivity": {
        "en": "Max sensitivity (lower is better)",
        "zh": "最大敏感度（越低越好）",
    },
    "explain.infidelity_caption": {
        "en": "Infidelity: how badly attribution × perturbation predicts the output change under small Gaussian noise. Sensitivity: how much the map changes when the input moves a little.",
        "zh": "不忠实度：在小高斯噪声扰动下，归因 × 扰动对输出变化的预测有多差。敏感度：输入稍有变化时，归因图变化有多大。",
    },
    "explain.sanity_caption": {
        "en": "Adebayo et al. (2018): re-initialise the layers from the output backwards, one more each step, and recompute the map. A map that does not change with the weights explains nothing about the model.",
        "zh": "Adebayo 等（2018）：从输出层开始逐层向前重新初始化权重，每一步多随机化一层，并重新计算归因图。不随权重变化的图无法解释模型。",
    },
    "explain.sanity_run": {"en": "Run cascading randomisation", "zh": "运行级联随机化"},
    "explain.trained": {"en": "trained", "zh": "训练好的模型"},
    "explain.randomised_upto": {"en": "random down to {layer}", "zh": "随机化至 {layer}"},
    "explain.layers_randomised": {
        "en": "layers randomised (from the top)",
        "zh": "已随机化的层数（从顶部开始）",
    },
    "explain.sanity_title": {
        "en": "Rank correlation with the trained model's map",
        "zh": "与训练好模型归因图的秩相关",
    },
    "explain.att_layer": {"en": "Layer", "zh": "层"},
    "explain.att_head": {"en": "Head", "zh": "注意力头"},
    "explain.att_mean": {"en": "mean of heads", "zh": "各头平均"},
    "explain.att_cls": {
        "en": "class token → patches, layer {layer}",
        "zh": "分类词元 → 图块，第 {layer} 层",
    },
    "explain.att_rollout": {
        "en": "rollout up to layer {layer}",
        "zh": "截至第 {layer} 层的 rollout",
    },
    "explain.att_head_n": {"en": "head {head}", "zh": "{head} 号注意力头"},
    "explain.att_layer_n": {"en": "layer {layer}", "zh": "第 {layer} 层"},
    "explain.att_weight": {"en": "attention weight", "zh": "注意力权重"},
    # Colour-bar titles of attribution grids: each map scaled to its own max, or one shared scale.
    "explain.scale.signed": {"en": "± own max", "zh": "± 各图最大值"},
    "explain.scale.absolute": {"en": "own max", "zh": "各图最大值"},
    "explain.scale.shared": {"en": "attribution (one scale)", "zh": "归因值（统一色标）"},
    "explain.att_title": {
        "en": "Where the class token looks (layer {layer})",
        "zh": "分类词元关注的位置（第 {layer} 层）",
    },
    "explain.att_caption": {
        "en": "Attention of the class token over the 7×7 patches, drawn over the digit. Rollout (Abnar & Zuidema 2020) multiplies the layers' attention, with the residual path mixed in, to follow information from the input to the class token.",
        "zh": "分类词元对 7×7 图块的注意力，叠加在数字上。Rollout（Abnar 与 Zuidema，2020）把各层注意力（混入残差连接）相乘，追踪信息从输入流向分类词元的路径。",
    },
    "explain.sentence": {"en": "Sentence", "zh": "句子"},
    "explain.reference": {
        "en": "Compare with (for token attributions)",
        "zh": "比较对象（用于词元归因）",
    },
    "explain.examples": {"en": "Examples", "zh": "示例"},
    "explain.truncated": {
        "en": "The sentence has {n} word pieces; only the first {max} are shown and explained.",
        "zh": "该句子有 {n} 个词元；只显示并解释前 {max} 个。",
    },
    "explain.reference_truncated": {
        "en": "The second sentence has {n} word pieces; the similarity uses only the first {max}.",
        "zh": "第二句话有 {n} 个词元；相似度只使用前 {max} 个。",
    },
    "explain.unknown_tokens": {
        "en": "{n} of {total} tokens are [UNK]: this English model's vocabulary lacks most Chinese characters, so it cannot really read this sentence.",
        "zh": "{total} 个词元中有 {n} 个是 [UNK]：这个英文模型的词表缺少大多数中文字符，因此它无法真正读懂这个句子。",
    },
    "explain.head_view": {
        "en": "Head view: layer {layer}, head {head}",
        "zh": "注意力头视图：第 {layer} 层，{head} 号注意力头",
    },
    "explain.head_matrix": {"en": "query (row) → key (column)", "zh": "查询（行）→ 键（列）"},
    "explain.model_view": {
        "en": "Model view: all 6 layers × 12 heads",
        "zh": "模型视图：全部 6 层 × 12 个注意力头",
    },
    "explain.ig_tokens": {"en": "Integrated Gradients (signed)", "zh": "积分梯度（带符号）"},
    "explain.att_received": {
        "en": "attention received (rollout from [CLS], words only)",
        "zh": "获得的注意力（从 [CLS] 的 rollout，仅词语）",
    },
    "explain.variant": {"en": "Compressed variant", "zh": "压缩变体"},
    "explain.variant.prune": {"en": "pruned", "zh": "剪枝"},
    "explain.variant.quantize": {"en": "quantized", "zh": "量化"},
    "explain.tokens_title": {
        "en": "Which tokens make the two sentences similar (cosine {sim:.2f})",
        "zh": "哪些词元让两句相似（余弦 {sim:.2f}）",
    },
    "explain.relative": {"en": "relative to the largest", "zh": "相对最大值"},
    "explain.tokens_caption": {
        "en": "Gradients and attention answer different questions: attention shows where information flows, Integrated Gradients how much each token changes the similarity ({ms:.0f} ms).",
        "zh": "梯度与注意力回答不同的问题：注意力显示信息流向哪里，积分梯度显示每个词元对相似度的影响有多大（{ms:.0f} ms）。",
    },
    "explain.grads_caption": {
        "en": "Gradient of the cross-entropy loss for class {target} with respect to every parameter, on this one input: where training would change the model most.",
        "zh": "针对类别 {target} 的交叉熵损失对每个参数的梯度（仅此一个输入）：训练会最大程度改变模型的位置。",
    },
    "explain.grad_norm": {"en": "gradient norm", "zh": "梯度范数"},
    "explain.grad_axis": {"en": "value (log scale)", "zh": "数值（对数刻度）"},
    "explain.grad_ratio": {"en": "gradient norm / weight norm", "zh": "梯度范数 / 权重范数"},
    "explain.grads_title": {
        "en": "Learning signal per parameter tensor",
        "zh": "每个参数张量的学习信号",
    },
    "explain.gradient": {"en": "gradient", "zh": "梯度"},
    "explain.error.unknown_layer": {
        "en": "This model has no layer “{layer}” with parameters. Layers: {layers}.",
        "zh": "该模型没有名为“{layer}”的带参数层。可用的层：{layers}。",
    },
    "explain.grad_hist_layer": {"en": "Gradient values of {layer}", "zh": "{layer} 的梯度值"},
    "explain.sanity_input_note": {
        "en": "Integrated Gradients and DeepLift multiply by (input − black): the background stays 0 whatever the weights, so their maps keep the digit's shape even in a random model.",
        "zh": "积分梯度和 DeepLift 会乘以（输入 − 黑色基线）：无论权重如何，背景都保持为 0，因此即使在随机模型中，它们的归因图也保留了数字的形状。",
    },
    "explain.error.empty_upload": {
        "en": "The uploaded file is empty. Choose a PNG or JPEG picture of one digit.",
        "zh": "上传的文件是空的。请选择一张只含一个数字的 PNG 或 JPEG 图片。",
    },
    "explain.error.upload_too_large": {
        "en": "The file is {size_mb} MB; uploads are limited to {max_mb} MB. Crop the picture or save it smaller.",
        "zh": "文件大小为 {size_mb} MB，上传上限为 {max_mb} MB。请裁剪图片或以更小的尺寸保存。",
    },
    "explain.error.not_an_image": {
        "en": "This file could not be read as a picture (unsupported, damaged or incomplete). Upload a PNG, JPEG, GIF, BMP or WebP image.",
        "zh": "无法将此文件读取为图片（格式不受支持、已损坏或不完整）。请上传 PNG、JPEG、GIF、BMP 或 WebP 图片。",
    },
    "explain.error.image_too_large": {
        "en": "The picture has too many pixels (the limit is {max_pixels:,}, e.g. 4096 × 4096). Resize it and upload it again.",
        "zh": "图片像素过多（上限为 {max_pixels:,} 像素，例如 4096 × 4096）。请缩小后重新上传。",
    },
    "explain.error.blank_image": {
        "en": "No digit found: the picture is blank or has too little contrast (a fully transparent PNG looks like this too). Upload a picture with one clearly visible digit.",
        "zh": "未找到数字：图片是空白的或对比度太低（完全透明的 PNG 也是如此）。请上传一张清晰可见单个数字的图片。",
    },
    "explain.error.empty_drawing": {
        "en": "The canvas is empty. Draw a digit to see the model's prediction and explanation.",
        "zh": "画布是空的。请画一个数字，以查看模型的预测和解释。",
    },
    "explain.error.bad_index": {
        "en": "There is no test digit with that number. Choose one from 0 to {max}.",
        "zh": "没有该编号的测试数字。请在 0 到 {max} 之间选择。",
    },
    "explain.input.step.test_digit": {"en": "test digit used as is", "zh": "直接使用测试集数字"},
    "explain.input.step.exif_rotated": {
        "en": "rotated upright (EXIF orientation)",
        "zh": "按 EXIF 方向信息旋转为正向",
    },
    "explain.input.step.alpha_flattened": {
        "en": "transparency flattened onto a contrasting background",
        "zh": "透明区域填充为对比色背景",
    },
    "explain.input.step.grayscale": {"en": "converted to grayscale", "zh": "转换为灰度"},
    "explain.input.step.inverted": {
        "en": "inverted to bright ink on black, like the training digits",
        "zh": "反色为黑底亮色笔迹（与训练数据一致）",
    },
    "explain.input.step.cropped": {
        "en": "cropped to the digit and centred in a square",
        "zh": "裁剪到数字区域并在正方形中居中",
    },
    "explain.input.step.thickened": {
        "en": "strokes thickened to the training digits' ink weight",
        "zh": "笔画加粗到训练数字的墨迹量",
    },
    "explain.input.step.thinned": {
        "en": "strokes thinned to the training digits' ink weight",
        "zh": "笔画变细到训练数字的墨迹量",
    },
    "explain.input.step.resized": {
        "en": "reduced to 8 × 8 like the training digits, then upsampled to 28 × 28",
        "zh": "缩小为 8 × 8（与训练数字相同），再上采样到 28 × 28",
    },
    "explain.input.step.normalised": {
        "en": "normalised with the training set's mean and std",
        "zh": "用训练集的均值和标准差归一化",
    },
    "explain.error.empty_text": {
        "en": "Type a sentence first: the text is empty.",
        "zh": "请先输入一句话：文本为空。",
    },
    "explain.error.text_too_long": {
        "en": "This text is too long to explain (more than {max_chars} characters). Shorten it.",
        "zh": "文本过长，无法解释（超过 {max_chars} 个字符）。请缩短后再试。",
    },
    "explain.error.empty_reference": {
        "en": "Type a second sentence to compare with: the reference is empty.",
        "zh": "请输入用于比较的第二句话：参考句为空。",
    },
    "explain.error.not_differentiable": {
        "en": "Gradients cannot pass through the int8 layer “{layer}” of this variant, so token attributions are not available. Use the original or a pruned variant.",
        "zh": "梯度无法穿过该变体的 int8 层“{layer}”，因此无法计算词元归因。请使用原始模型或剪枝后的变体。",
    },
    "explain.method.saliency": {"en": "Saliency (gradient)", "zh": "显著性图（梯度）"},
    "explain.method.integrated_gradients": {"en": "Integrated Gradients", "zh": "积分梯度"},
    "explain.method.smoothgrad": {"en": "SmoothGrad", "zh": "SmoothGrad（平滑梯度）"},
    "explain.method.guided_backprop": {"en": "Guided Backprop", "zh": "引导反向传播"},
    "explain.method.deeplift": {"en": "DeepLift", "zh": "DeepLift"},
    "explain.method.gradcam": {"en": "Grad-CAM", "zh": "Grad-CAM"},
    "explain.method.occlusion": {"en": "Occlusion", "zh": "遮挡"},
    "explain.method.lime": {"en": "LIME", "zh": "LIME"},
    "explain.method.kernel_shap": {"en": "Kernel SHAP", "zh": "Kernel SHAP"},
    "explain.param.steps": {"en": "Steps", "zh": "积分步数"},
    "explain.param.samples": {"en": "Samples", "zh": "样本数"},
    "explain.param.noise": {"en": "Noise (std)", "zh": "噪声（标准差）"},
    "explain.param.layer": {"en": "Conv layer", "zh": "卷积层"},
    "explain.param.window": {"en": "Window (pixels)", "zh": "窗口（像素）"},
    "explain.param.stride": {"en": "Stride (pixels)", "zh": "步长（像素）"},
    "explain.param.segmentation": {"en": "Segments", "zh": "分割方式"},
    "explain.param.size": {"en": "Segment size (pixels)", "zh": "分块大小（像素）"},
    "explain.segmentation.patches": {"en": "Square patches", "zh": "方形图块"},
    "explain.segmentation.superpixels": {"en": "Superpixels", "zh": "超像素"},
    "explain.error.method_na": {
        "en": "{method} cannot be applied to {model}: {reason}.",
        "zh": "无法对 {model} 使用 {method}：{reason}。",
    },
    "explain.error.unknown_method": {
        "en": "Unknown explanation method “{method}”. Known methods: {known}.",
        "zh": "未知的解释方法“{method}”。可用方法：{known}。",
    },
    "explain.error.unknown_param": {
        "en": "{method} has no parameter “{param}”. Its parameters: {known}.",
        "zh": "{method} 没有参数“{param}”。它的参数：{known}。",
    },
    "explain.error.param_range": {
        "en": "{param} = {value} is outside {low}–{high} for {method}.",
        "zh": "{method} 的 {param} = {value} 超出范围 {low}–{high}。",
    },
    "explain.error.param_choice": {
        "en": "{param} = “{value}” is not a choice of {method}. Choices: {choices}.",
        "zh": "“{value}”不是 {method} 的 {param} 可选值。可选：{choices}。",
    },
    "explain.error.unknown_conv_layer": {
        "en": "This model has no convolutional layer “{layer}”. Conv layers: {layers}.",
        "zh": "该模型没有名为“{layer}”的卷积层。卷积层：{layers}。",
    },
    "explain.error.input_shape": {
        "en": "An image must be one tensor of shape (1, channels, height, width); got {shape}.",
        "zh": "图像必须是形状为 (1, 通道, 高, 宽) 的单个张量；实际为 {shape}。",
    },
    "explain.error.input_mismatch": {
        "en": "{model} cannot take an input of shape {shape}.",
        "zh": "{model} 无法接受形状为 {shape} 的输入。",
    },
    "explain.error.bad_target": {
        "en": "Target class {target} does not exist: this model has {classes} classes, numbered from 0.",
        "zh": "目标类别 {target} 不存在：该模型有 {classes} 个类别，从 0 开始编号。",
    },
    "explain.reason.image_only": {
        "en": "{method} explains image models; use the text attributions for this model",
        "zh": "{method} 只适用于图像模型；请对该模型使用文本归因",
    },
    "explain.reason.no_gradients": {
        "en": "{method} needs gradients, and int8-quantized layers have none; Occlusion, LIME and Kernel SHAP still work",
        "zh": "{method} 需要梯度，而 int8 量化层没有梯度；遮挡、LIME 和 Kernel SHAP 仍然可用",
    },
    "explain.reason.no_conv": {
        "en": "{method} needs a convolutional layer, and this model has none",
        "zh": "{method} 需要卷积层，而该模型没有卷积层",
    },
    "explain.reason.no_relu": {
        "en": "{method} only changes how gradients pass ReLU layers; this model has none, so it would show the plain gradient",
        "zh": "{method} 只改变梯度经过 ReLU 层的方式；该模型没有 ReLU，结果将与普通梯度相同",
    },
    "explain.reason.relu_variant": {
        "en": "{method} rewrites gradients only at nn.ReLU modules; this model's activations are other ReLU-like kinds (such as ReLU6 or LeakyReLU), which it passes unchanged, so it would show the plain gradient",
        "zh": "{method} 只在 nn.ReLU 模块处改写梯度；该模型的激活是其他类 ReLU 类型（如 ReLU6 或 LeakyReLU），它们的梯度保持不变，因此结果将与普通梯度相同",
    },
    "explain.reason.deeplift_rules": {
        "en": "{method} has rules only for ReLU-like activations, max-pooling and softmax; this model also uses GELU, LayerNorm or attention, which it would wrongly treat as linear",
        "zh": "{method} 只对类 ReLU 激活、最大池化和 softmax 有传播规则；该模型还用到 GELU、LayerNorm 或注意力，它会错误地把这些当作线性层",
    },
    "explain.difference": {"en": "difference (compressed − original)", "zh": "差异（压缩 − 原始）"},
    "explain.cmp_title": {
        "en": "{method} for class {target}: original, compressed, difference",
        "zh": "类别 {target} 的 {method}：原始、压缩、差异",
    },
    "explain.cmp_spearman": {"en": "Rank agreement (Spearman)", "zh": "排名一致性（Spearman）"},
    "explain.cmp_topk": {"en": "Top-10 % pixel overlap", "zh": "前 10% 像素重合度"},
    "explain.cmp_curve_run": {
        "en": "How does agreement fall as pruning grows?",
        "zh": "随着剪枝增加，一致性如何下降？",
    },
    "explain.cmp_curve_title": {
        "en": "{method}: agreement with the original's map vs pruning amount",
        "zh": "{method}：与原始模型归因图的一致性随剪枝比例的变化",
    },
    # --- training-data influence (TracIn) --------------------------------------------------
    "explain.view.influence": {"en": "📚 Training-data influence", "zh": "📚 训练数据影响"},
    "explain.view.concepts": {"en": "💡 Concepts (TCAV)", "zh": "💡 概念（TCAV）"},
    "explain.text_no_influence": {
        "en": "Training-data influence and concepts are offered for the digit models only: they need the training data and checkpoints saved during training, and MiniLM was pretrained elsewhere on text that is not shipped here.",
        "zh": "训练数据影响与概念视图只适用于数字模型：它们需要训练数据和训练过程中保存的检查点，而 MiniLM 是在别处用未随附的文本预训练的。",
    },
    "explain.influence.no_training_data": {
        "en": "Training-data influence needs a classifier and its labelled training data; this model has none here, so there is nothing to trace its prediction back to.",
        "zh": "训练数据影响需要分类器及其带标签的训练数据；这个模型在这里没有，因此无法把预测追溯到训练样本。",
    },
    "explain.influence.method": {"en": "Estimator", "zh": "估计方法"},
    "explain.influence.method.fast": {
        "en": "last layer (TracInCPFast)",
        "zh": "最后一层（TracInCPFast）",
    },
    "explain.influence.method.full": {"en": "all layers (TracInCP)", "zh": "所有层（TracInCP）"},
    "explain.influence.k": {"en": "Examples shown", "zh": "显示的样本数"},
    "explain.influence.compare": {"en": "Compare with a pruned variant", "zh": "与剪枝变体比较"},
    "explain.influence.caption": {
        "en": "TracIn (captum.influence): a training digit's score sums, over checkpoints saved during training ({epochs}), the learning rate × its loss gradient · the loss gradient of the input for the class explained. Positive: training on it lowered this input's loss (a proponent); negative: it raised it (an opponent). Training used AdamW, so this is TracIn's SGD approximation.",
        "zh": "TracIn（captum.influence）：一个训练数字的得分，是在训练期间保存的检查点（{epochs}）上，学习率 × 它的损失梯度 · 输入对所解释类别的损失梯度之和。为正：用它训练降低了这个输入的损失（支持者）；为负：提高了损失（反对者）。训练用的是 AdamW，因此这是 TracIn 的 SGD 近似。",
    },
    "explain.influence.epoch": {
        "en": "epoch {epoch}: test accuracy {acc:.1%}",
        "zh": "第 {epoch} 轮：测试准确率 {acc:.1%}",
    },
    "explain.influence.final_only": {
        "en": "This model has no checkpoints from its training, so TracIn uses the final weights alone: it sees only the end of training, not the early steps in which most of the learning happened, and the scores are unweighted by any learning rate.",
        "zh": "这个模型没有训练过程中的检查点，因此 TracIn 只使用最终权重：它只看到训练的最后阶段，看不到大部分学习发生的早期步骤，得分也没有按学习率加权。",
    },
    "explain.influence.full_note": {
        "en": "All layers: per-example gradients of every Linear and Conv layer that captum can hook (attention's fused projections are not hooked), over every checkpoint. About 15 s for LeNet, a minute for the Tiny ViT.",
        "zh": "所有层：对 captum 能挂钩的每个线性层和卷积层（注意力的融合投影无法挂钩）在每个检查点上计算逐样本梯度。LeNet 约 15 秒，Tiny ViT 约一分钟。",
    },
    "explain.influence.run_full": {"en": "Trace through all layers", "zh": "在所有层上追溯"},
    "explain.influence.cell": {
        "en": "#{index} · {label} · {score:+.3g}",
        "zh": "#{index} · {label} · {score:+.3g}",
    },
    "explain.influence.proponents": {
        "en": "{model}: training digits that pushed toward class {target} (proponents; red: another class)",
        "zh": "{model}：推动模型判为类别 {target} 的训练数字（支持者；红色：其他类别）",
    },
    "explain.influence.opponents": {
        "en": "{model}: training digits that pushed away from class {target} (opponents; red: class {target} itself)",
        "zh": "{model}：使模型远离类别 {target} 的训练数字（反对者；红色：本身就是类别 {target}）",
    },
    "explain.influence.variant_proponents": {
        "en": "{model}: its proponents for class {target} (red: not among the original's)",
        "zh": "{model}：它对类别 {target} 的支持者（红色：不在原始模型的支持者中）",
    },
    "explain.influence.summary": {
        "en": "{share:.0%} of the proponents are labelled {target}. Captions: training index · label · score.",
        "zh": "支持者中有 {share:.0%} 的标签是 {target}。标题：训练集编号 · 标签 · 得分。",
    },
    "explain.influence.compare_title": {
        "en": "Original vs pruned: the same proponents?",
        "zh": "原始 vs 剪枝：支持者相同吗？",
    },
    "explain.influence.variant_note": {
        "en": "The pruned variant has no training history of its own: its checkpoints are the original's with the pruning masks applied (every weight the variant holds at zero is zeroed in each), the last one being the variant itself.",
        "zh": "剪枝变体没有自己的训练历史：它的检查点是原始模型的检查点加上剪枝掩码（变体中为零的权重在每个检查点中都置零），最后一个检查点就是变体本身。",
    },
    "explain.influence.overlap": {
        "en": "Top-{k} proponents shared",
        "zh": "共同的前 {k} 个支持者",
    },
    "explain.influence.rank_corr": {
        "en": "Rank agreement over all 1,347 (Spearman)",
        "zh": "全部 1,347 个样本的排名一致性（Spearman）",
    },
    "explain.influence.compare_caption": {
        "en": "A pruned model's loss is larger, so its scores are larger too: compare which digits rank first, not the scores.",
        "zh": "剪枝模型的损失更大，因此得分也更大：请比较哪些数字排在前面，而不是得分本身。",
    },
    "explain.influence.self_title": {
        "en": "Odd training digits (self-influence)",
        "zh": "异常的训练数字（自影响）",
    },
    "explain.influence.self_caption": {
        "en": "A training digit's influence on itself (last layer, over the checkpoints) is large when the model found it hard to fit: mislabelled, ambiguous or oddly written digits rise to the top.",
        "zh": "训练数字对自身的影响（最后一层，跨检查点）在模型难以拟合它时很大：标错的、模棱两可的或写法奇怪的数字会排在前面。",
    },
    "explain.influence.self_cell": {
        "en": "#{index} · label {label} · says {predicted}",
        "zh": "#{index} · 标签 {label} · 预测 {predicted}",
    },
    "explain.influence.self_grid": {
        "en": "The {k} training digits of highest self-influence (red: the model disagrees with the label)",
        "zh": "自影响最高的 {k} 个训练数字（红色：模型与标签不一致）",
    },
    # --- concepts (TCAV) --------------------------------------------------------------------
    "explain.concept.thick": {"en": "thick strokes", "zh": "粗笔画"},
    "explain.concept.thin": {"en": "thin strokes", "zh": "细笔画"},
    "explain.concept.slanted": {"en": "slanted", "zh": "倾斜"},
    "explain.concept.loop": {"en": "closed loop", "zh": "闭合圈"},
    "explain.concept.random": {"en": "random digits", "zh": "随机数字"},
    "explain.concepts.digits_only": {
        "en": "The concepts are made from the shipped digits (thicker, thinner, sheared strokes, the loops of 0, 6, 8 and 9), so they fit only the digit models; this model reads other inputs.",
        "zh": "这些概念由随附的数字数据生成（加粗、变细、倾斜的笔画，0、6、8、9 的圈），因此只适用于数字模型；这个模型读取的是其他输入。",
    },
    "explain.concepts.class": {"en": "Class", "zh": "类别"},
    "explain.concepts.concepts": {"en": "Concepts", "zh": "概念"},
    "explain.concepts.layers": {"en": "Layers", "zh": "层"},
    "explain.concepts.runs": {"en": "Random sets", "zh": "随机集合数"},
    "explain.concepts.compare": {"en": "Compare with a pruned variant", "zh": "与剪枝变体比较"},
    "explain.concepts.pick": {
        "en": "Pick at least one concept and one layer.",
        "zh": "请至少选择一个概念和一层。",
    },
    "explain.concepts.caption": {
        "en": "TCAV (captum.concept): at each layer a linear classifier separates a concept's {examples} examples from {examples} random training digits; its direction is the concept activation vector (CAV). The TCAV score is the share of the test digits of class {target} (all of them, not the input above) whose class score rises along it. Each concept is tested against {runs} random sets, and random sets against each other give what chance looks like (a two-sided t-test, p < 0.05).",
        "zh": "TCAV（captum.concept）：在每一层，用线性分类器把概念的 {examples} 个样本与 {examples} 个随机训练数字分开，其方向就是概念激活向量（CAV）。TCAV 得分是类别 {target} 的测试数字（全部，而不是上面的输入）中、类别得分沿该方向上升的比例。每个概念与 {runs} 个随机集合比较，随机集合之间的比较给出偶然水平（双侧 t 检验，p < 0.05）。",
    },
    "explain.concepts.examples": {
        "en": "Examples of each concept, made from the training digits",
        "zh": "由训练数字生成的各概念样本",
    },
    "explain.concepts.run": {"en": "Test the concepts", "zh": "检验这些概念"},
    "explain.concepts.title": {
        "en": "TCAV score for class {target} per concept and layer (± spread over random sets)",
        "zh": "类别 {target} 各概念、各层的 TCAV 得分（± 随机集合间的离散度）",
    },
    "explain.concepts.score": {"en": "TCAV score", "zh": "TCAV 得分"},
    "explain.concepts.chance": {"en": "random vs random", "zh": "随机 vs 随机"},
    "explain.concepts.ns": {"en": "not significant", "zh": "不显著"},
    "explain.concepts.ns_short": {"en": "n.s.", "zh": "不显著"},
    "explain.concepts.yes": {"en": "significant", "zh": "显著"},
    "explain.concepts.table": {"en": "TCAV scores and their test", "zh": "TCAV 得分及其检验"},
    "explain.concepts.col.model": {"en": "model", "zh": "模型"},
    "explain.concepts.col.concept": {"en": "concept", "zh": "概念"},
    "explain.concepts.col.layer": {"en": "layer", "zh": "层"},
    "explain.concepts.col.score": {
        "en": "TCAV score (mean ± std)",
        "zh": "TCAV 得分（均值 ± 标准差）",
    },
    "explain.concepts.col.chance": {"en": "random vs random", "zh": "随机 vs 随机"},
    "explain.concepts.col.significant": {"en": "test", "zh": "检验"},
    "explain.concepts.col.cav_acc": {"en": "CAV accuracy", "zh": "CAV 准确率"},
    "explain.concepts.reading": {
        "en": "Hollow bars (n.s.) are not significant: their scores do not differ from what random sets give, however high they are. A CAV accuracy near 0.5 means the layer does not separate the concept from random digits at all.",
        "zh": "空心柱（不显著）表示不显著：无论得分多高，都与随机集合给出的结果没有差别。CAV 准确率接近 0.5 表示该层根本无法把概念与随机数字区分开。",
    },
    # --- lessons: training-data influence and concepts ---------------------------------------
    "measure.proponent_label_share": {
        "en": "share of the proponents labelled with the class explained",
        "zh": "支持者中标签为所解释类别的比例",
    },
    "measure.proponents_among_odd": {
        "en": "share of the proponents among the 50 digits of highest self-influence",
        "zh": "支持者中属于自影响最高的 50 个数字的比例",
    },
    "measure.proponent_overlap": {
        "en": "share of the original's proponents among the pruned variant's",
        "zh": "原始模型的支持者中也是剪枝变体支持者的比例",
    },
    "measure.self_influence_top_share": {
        "en": "share of all self-influence held by the digits listed",
        "zh": "所列数字占全部自影响的比例",
    },
    "measure.tcav_score": {"en": "TCAV score of {arg}", "zh": "{arg} 的 TCAV 得分"},
    "measure.tcav_significant": {
        "en": "{arg} significant (1) or not (0)",
        "zh": "{arg} 显著（1）或不显著（0）",
    },
    "lesson.training_influence.title": {
        "en": "📚 Training-data influence",
        "zh": "📚 训练数据影响",
    },
    "lesson.training_influence.text": {
        "en": "Which training examples made the model say this? TracIn (captum.influence) follows training through checkpoints saved along the way and, at each, multiplies a training digit's loss gradient with the gradient of the input's loss: a positive sum means training on that digit lowered the input's loss (a proponent), a negative one that it raised it (an opponent). A digit's influence on itself ranks the training set by how hard it was to fit.",
        "zh": "是哪些训练样本让模型这样判断？TracIn（captum.influence）沿训练过程中保存的检查点，在每个检查点把训练数字的损失梯度与输入损失的梯度相乘：总和为正，说明用这个数字训练降低了输入的损失（支持者）；为负则提高了损失（反对者）。一个数字对自身的影响，则按拟合难度给训练集排序。",
    },
    "lesson.training_influence.try": {
        "en": "look at the **proponents** of a 9, then of a 2 the model is sure of, **compare with a pruned variant**, and read the list of **odd training digits**.",
        "zh": "看一个 9 的**支持者**，再看模型很有把握的一个 2 的支持者，打开**与剪枝变体比较**，并查看**异常训练数字**列表。",
    },
    "lesson.training_influence.step1": {
        "en": "Test digit #3 is a 9. Look at its **proponents** and compare them with the **odd training digits** at the bottom of the page.",
        "zh": "测试数字 #3 是一个 9。看它的**支持者**，并与页面底部的**异常训练数字**比较。",
    },
    "lesson.training_influence.step1.see": {
        "en": "All 8 proponents are 9s from the training set, but 6 of the 8 are also among the 50 training digits of highest self-influence: TracIn ranks by gradient products, and digits the model found hard to fit have the largest gradients.",
        "zh": "8 个支持者全是训练集中的 9，但其中 6 个也属于自影响最高的 50 个训练数字：TracIn 按梯度乘积排序，而模型难以拟合的数字梯度最大。",
    },
    "lesson.training_influence.step2": {
        "en": "Switch to test digit **#0**, a 2 the model is 99.9 % sure of.",
        "zh": "换到测试数字 **#0**，模型有 99.9% 把握认为它是 2。",
    },
    "lesson.training_influence.step2.see": {
        "en": 'None of the 8 proponents is a 2. A sure prediction has an almost zero loss gradient, so the products are tiny and the digits with the largest gradients of all, of other classes, come first. Influence scores answer "what moved this loss", which is little for an input already fitted.',
        "zh": "8 个支持者中没有一个是 2。有把握的预测损失梯度几乎为零，乘积都很小，于是梯度最大的那些其他类别的数字排在前面。影响得分回答的是“什么改变了这个损失”，而对已经拟合好的输入，改变很少。",
    },
    "lesson.training_influence.step3": {
        "en": "Back to digit #3, turn on **Compare with a pruned variant**: L1 unstructured, 50 %.",
        "zh": "回到数字 #3，打开**与剪枝变体比较**：L1 非结构化，50%。",
    },
    "lesson.training_influence.step3.see": {
        "en": "Only 3 of the original's 8 proponents are among the pruned model's (5 of 8 at 20 %): the prediction stays a 9, but the training digits it leans on change with the pruning amount.",
        "zh": "原始模型的 8 个支持者中只有 3 个仍是剪枝模型的支持者（剪枝 20% 时为 5 个）：预测仍是 9，但它依赖的训练数字随剪枝比例而变。",
    },
    "lesson.training_influence.step4": {
        "en": "Read the **odd training digits** (self-influence) at the bottom.",
        "zh": "查看页面底部的**异常训练数字**（自影响）。",
    },
    "lesson.training_influence.step4.see": {
        "en": "The 16 digits listed hold 82 % of the self-influence of all 1,347: a handful of ambiguous, oddly written digits are what the model worked hardest to fit. They are where to look for labelling mistakes.",
        "zh": "列出的 16 个数字占全部 1,347 个数字自影响的 82%：模型最费力去拟合的是少数模棱两可、写法奇怪的数字，这里正是查找标注错误的地方。",
    },
    "lesson.concepts.title": {"en": "💡 Concepts (TCAV)", "zh": "💡 概念（TCAV）"},
    "lesson.concepts.text": {
        "en": "Does the model use the ideas a person would? TCAV (captum.concept) learns, at one layer, the direction that separates examples of a concept (here made from the digits themselves: thick strokes, closed loops) from random digits, and counts how often moving along it raises a class's score. Against several random sets and a t-test, a score is significant only if random directions do not score the same.",
        "zh": "模型用的是人会用的概念吗？TCAV（captum.concept）在某一层学习把概念样本（这里由数字本身生成：粗笔画、闭合圈）与随机数字分开的方向，并统计沿该方向移动时类别得分上升的频率。与多个随机集合比较并做 t 检验后，只有当随机方向得不到同样的分数时，得分才算显著。",
    },
    "lesson.concepts.try": {
        "en": "**test the concepts** loop and thick strokes for the class 8 at two layers, then for a pruned LeNet, then for the **class** 1.",
        "zh": "在两层上**检验**闭合圈和粗笔画对类别 8 的作用，再对剪枝后的 LeNet 检验，最后把**类别**换成 1。",
    },
    "lesson.concepts.step1": {
        "en": "Click **Test the concepts** and look at layer **conv1**.",
        "zh": "点击**检验这些概念**，查看 **conv1** 层。",
    },
    "lesson.concepts.step1.see": {
        "en": "A closed loop raises the score of an 8 for every test 8 (TCAV score 1.00), and thick strokes lower it for all of them (0.00); both differ from the random sets, so both are significant: a loop argues for an 8, a thick stroke against it.",
        "zh": "闭合圈让每一个测试 8 的得分都上升（TCAV 得分 1.00），粗笔画则让它们全部下降（0.00）；两者都与随机集合不同，因此都显著：闭合圈支持判为 8，粗笔画反对。",
    },
    "lesson.concepts.step2": {
        "en": "Now look at the loop at layer **conv2**.",
        "zh": "再看 **conv2** 层上的闭合圈。",
    },
    "lesson.concepts.step2.see": {
        "en": "The loop still scores 0.98, yet the bar is hollow: not significant. At conv2 random directions also score high for an 8, so a high score alone proves nothing; the test against random sets is what does.",
        "zh": "闭合圈的得分仍是 0.98，但柱是空心的：不显著。在 conv2 层，随机方向对 8 的得分也很高，所以仅凭高分什么也证明不了；起作用的是与随机集合的对比检验。",
    },
    "lesson.concepts.step3": {
        "en": "Turn on **Compare with a pruned variant** (L1 unstructured, 50 %).",
        "zh": "打开**与剪枝变体比较**（L1 非结构化，50%）。",
    },
    "lesson.concepts.step3.see": {
        "en": "With half its weights pruned, LeNet keeps the concept: the loop still scores above 0.99 at conv1 and stays significant.",
        "zh": "剪掉一半权重后，LeNet 仍保留这个概念：闭合圈在 conv1 的得分仍高于 0.99，并且依然显著。",
    },
    "lesson.concepts.step4": {
        "en": "Change **Class** to **1**.",
        "zh": "把**类别**改成 **1**。",
    },
    "lesson.concepts.step4.see": {
        "en": "The other way round: thick strokes now raise the score of every 1 (1.00, significant), and the loop scores only 0.22. The same concepts, read by the same layer, argue for different classes.",
        "zh": "情况反过来了：粗笔画让每个 1 的得分都上升（1.00，显著），而闭合圈只有 0.22。同一层读出的同样概念，支持的是不同的类别。",
    },
    # --- the code GPT (dashboard/areas/explain/llm.py) -------------------------------------------
    "explain.llm_intro": {
        "en": "Type a prompt: the model continues it greedily, then four views ask why — which prompt tokens the continuation rests on (captum), what each layer would guess next (the logit lens), where each attention head looks, and whether int8/int4 weights keep the same reasons.",
        "zh": "输入一段提示：模型贪心地续写，然后用四个视图追问原因——续写依赖哪些提示词元（captum）、每一层会猜下一个词元是什么（logit lens）、每个注意力头看向哪里，以及 int8/int4 权重是否保留同样的理由。",
    },
    "explain.llm_prompt": {"en": "Prompt (Python code)", "zh": "提示（Python 代码）"},
    "explain.llm_prompt_help": {
        "en": "At most {max} tokens: feature ablation runs the model once per prompt token, and a wider heatmap cannot be read.",
        "zh": "最多 {max} 个词元：特征消融对每个提示词元各运行一次模型，更宽的热力图也难以阅读。",
    },
    "explain.llm_new": {"en": "New tokens (greedy)", "zh": "新词元数（贪心）"},
    "explain.llm_method": {"en": "Attribution method", "zh": "归因方法"},
    "explain.llm_method.feature_ablation": {
        "en": "Feature ablation (LLMAttribution)",
        "zh": "特征消融（LLMAttribution）",
    },
    "explain.llm_method.shapley_sampling": {
        "en": "Shapley value sampling (LLMAttribution)",
        "zh": "Shapley 值采样（LLMAttribution）",
    },
    "explain.llm_method.integrated_gradients": {
        "en": "Integrated gradients over embeddings (LLMGradientAttribution)",
        "zh": "嵌入上的积分梯度（LLMGradientAttribution）",
    },
    "explain.llm_method_help.feature_ablation": {
        "en": "Each prompt token in turn is replaced by <|endoftext|>; its attribution is how much the log-probability of the continuation falls. One forward pass per prompt token.",
        "zh": "依次把每个提示词元替换为 <|endoftext|>；其归因是续写的对数概率下降了多少。每个提示词元一次前向传播。",
    },
    "explain.llm_method_help.shapley_sampling": {
        "en": "Each prompt token's average effect when it joins random subsets of the others ({samples} random orders, seeded): sees tokens that only matter together, at about {samples}× the cost of ablation.",
        "zh": "每个提示词元加入其他词元的随机子集时的平均作用（{samples} 个随机顺序，已设种子）：能发现只有共同出现才起作用的词元，代价约为消融的 {samples} 倍。",
    },
    "explain.llm_method_help.integrated_gradients": {
        "en": "Gradients of the continuation's log-probability along the straight path from the <|endoftext|> embedding to each token's embedding, summed over the embedding dimensions.",
        "zh": "续写的对数概率沿从 <|endoftext|> 嵌入到每个词元嵌入的直线路径上的梯度，在嵌入维度上求和。",
    },
    "explain.llm_error.empty": {
        "en": "The prompt is empty: type some Python, for example `def `.",
        "zh": "提示为空：请输入一些 Python 代码，例如 `def `。",
    },
    "explain.llm_error.too_long": {
        "en": "The prompt has {n} tokens; these views read at most {max}. Shorten it.",
        "zh": "提示有 {n} 个词元；这些视图最多读取 {max} 个。请缩短它。",
    },
    "explain.llm_error.no_gradients": {
        "en": "{variant} has no gradients (torch.ao's dynamic int8 Linear has no backward): compare it with feature ablation or Shapley sampling.",
        "zh": "{variant} 没有梯度（torch.ao 的动态 int8 Linear 没有反向传播）：请用特征消融或 Shapley 采样来比较。",
    },
    "explain.llm_continuation": {
        "en": "The prompt followed by the model's greedy continuation ({n} new tokens: {tokens})",
        "zh": "提示及其后模型的贪心续写（{n} 个新词元：{tokens}）",
    },
    "lesson.llm_attribution.title": {"en": "🧵 Token attribution", "zh": "🧵 词元归因"},
    "lesson.llm_attribution.text": {
        "en": "Token attribution asks which words of the prompt a generated answer rests on: "
        "captum removes or blends away each prompt token and measures how the likelihood of the "
        "continuation changes. Different methods should agree, and a good quantization should keep "
        "the model's reasons, not only its perplexity.",
        "zh": "词元归因回答：生成的内容依赖提示中的哪些词元。captum 逐个去掉或淡化提示词元，"
        "测量续写的似然如何变化。不同的方法应当结论一致，好的量化不仅保留困惑度，也应保留模型的“理由”。",
    },
    "lesson.llm_attribution.try": {
        "en": "read the heatmap and the bars of “Token attribution”, switch the **Attribution "
        "method**, then look at “Original vs quantized attribution” for int4.",
        "zh": "查看“词元归因”的热力图和柱状图，切换**归因方法**，再看 int4 的“原始模型 vs 量化模型的归因”。",
    },
    "lesson.llm_attribution.step1": {
        "en": "Read the bars: which prompt token carries the continuation?",
        "zh": "看柱状图：哪个提示词元支撑了续写？",
    },
    "lesson.llm_attribution.step1.see": {
        "en": "The last token, “ +=”, holds over half the attribution; the loop variable “ i” "
        "almost none: what comes after += is decided by the += itself.",
        "zh": "最后的词元“ +=”占了一半以上的归因；循环变量“ i”几乎为零：+= 后面写什么由 += 本身决定。",
    },
    "lesson.llm_attribution.step2": {
        "en": "Set the **Attribution method** to integrated gradients.",
        "zh": "把**归因方法**设为积分梯度。",
    },
    "lesson.llm_attribution.step2.see": {
        "en": "Integrated gradients, which follows gradients through the embeddings instead of "
        "removing tokens, puts the same token first: the two methods agree.",
        "zh": "积分梯度沿着嵌入向量的梯度计算，而不是删除词元，但它同样把这个词元排在第一：两种方法结论一致。",
    },
    "lesson.llm_attribution.step3": {
        "en": "Back on feature ablation, choose int4 as the **Quantized variant**.",
        "zh": "切回特征消融，把 int4 选为**量化变体**。",
    },
    "lesson.llm_attribution.step3.see": {
        "en": "The rank correlation ρ of the two attributions stays above 0.9: 4-bit weights keep "
        "which tokens the model relies on.",
        "zh": "两种归因的秩相关 ρ 保持在 0.9 以上：4 位权重保留了模型依赖哪些词元。",
    },
    "explain.llm_attr_header": {"en": "Token attribution", "zh": "词元归因"},
    "explain.llm_attr_title": {
        "en": "Which prompt tokens each generated token rests on ({method})",
        "zh": "每个生成词元依赖哪些提示词元（{method}）",
    },
    "explain.llm_prompt_token": {"en": "prompt token", "zh": "提示词元"},
    "explain.llm_generated_token": {"en": "generated token", "zh": "生成的词元"},
    "explain.llm_attribution": {"en": "attribution", "zh": "归因"},
    "explain.llm_seq_title": {
        "en": "Attribution to the whole continuation, per prompt token",
        "zh": "每个提示词元对整段续写的归因",
    },
    "explain.llm_seq_y": {"en": "attribution", "zh": "归因"},
    "explain.llm_attr_caption": {
        "en": "Red: the token raises the probability of what was generated; blue: it lowers it. Whitespace is drawn as ␣ (space), ↵ (new line) and ⇥ (tab); the number before a token is its position.",
        "zh": "红色：该词元提高了生成内容的概率；蓝色：降低了概率。空白字符画为 ␣（空格）、↵（换行）和 ⇥（制表符）；词元前的数字是它的位置。",
    },
    "explain.llm_attr_running": {
        "en": "Attributing the continuation to the prompt…",
        "zh": "正在把续写归因到提示…",
    },
    "explain.llm_lens_header": {"en": "Logit lens", "zh": "Logit lens（逻辑透镜）"},
    "explain.llm_lens_title": {
        "en": "Each layer's likeliest next token at each position, and its probability",
        "zh": "每一层在每个位置最可能的下一个词元及其概率",
    },
    "explain.llm_lens_x": {
        "en": "position (the token read there)",
        "zh": "位置（该处读入的词元）",
    },
    "explain.llm_lens_y": {"en": "read out after", "zh": "读出位置"},
    "explain.llm_probability": {"en": "probability", "zh": "概率"},
    "explain.llm_embedding": {"en": "embedding", "zh": "嵌入层"},
    "explain.llm_layer_n": {"en": "layer {n}", "zh": "第 {n} 层"},
    "explain.llm_output_layer": {"en": "layer {n} (output)", "zh": "第 {n} 层（输出）"},
    "explain.llm_lens_caption": {
        "en": "The model's final norm and output head applied to the residual stream after every layer (nostalgebraist's logit lens), over the prompt and the continuation. The last row is the model's own prediction: at the prompt's last position it is the first generated token. Rows above show how the guess forms layer by layer; the embedding row mostly guesses the token itself, because the output head is the embedding matrix (tied weights).",
        "zh": "在每一层之后的残差流上套用模型最后的归一化层和输出头（nostalgebraist 的 logit lens），覆盖提示与续写。最后一行就是模型自己的预测：在提示最后一个位置上，它就是第一个生成的词元。上面的各行显示这个猜测如何逐层形成；嵌入层那一行多半猜的是词元本身，因为输出头就是嵌入矩阵（权重共享）。",
    },
    "explain.llm_att_header": {"en": "Decoder attention", "zh": "解码器注意力"},
    "explain.llm_att_layer": {"en": "Layer", "zh": "层"},
    "explain.llm_att_head": {"en": "Head", "zh": "注意力头"},
    "explain.llm_att_mean": {"en": "mean of all heads", "zh": "所有头的平均"},
    "explain.llm_att_title": {
        "en": "Attention in layer {layer}, {head}: where each token looks",
        "zh": "第 {layer} 层、{head} 的注意力：每个词元看向哪里",
    },
    "explain.llm_head_n": {"en": "head {n}", "zh": "{n} 号头"},
    "explain.llm_att_query": {"en": "token reading (query)", "zh": "读取的词元（查询）"},
    "explain.llm_att_key": {"en": "token read (key)", "zh": "被读取的词元（键）"},
    "explain.llm_att_weight": {"en": "attention weight", "zh": "注意力权重"},
    "explain.llm_att_caption": {
        "en": "Each row sums to 1. Causal: a token sees only itself and the tokens before it (the blank upper triangle). Rows from position {first} on are generated tokens. Read from a copy of the model switched to eager attention (the fused attention the model runs never forms these weights).",
        "zh": "每一行之和为 1。因果注意力：一个词元只能看到自己和它之前的词元（空白的上三角）。从位置 {first} 开始的行是生成的词元。这些权重读自一个切换为 eager 注意力的模型副本（模型平时运行的融合注意力从不生成这些权重）。",
    },
    "explain.llm_model_view": {
        "en": "Every layer and head (rows: layers, columns: heads)",
        "zh": "所有层与头（行：层，列：头）",
    },
    "explain.llm_cmp_header": {
        "en": "Original vs quantized attribution",
        "zh": "原始模型 vs 量化模型的归因",
    },
    "explain.llm_variant": {"en": "Quantized variant", "zh": "量化变体"},
    "explain.llm_variant.int8_weight_only": {
        "en": "int8 weight-only (torchao)",
        "zh": "int8 仅权重（torchao）",
    },
    "explain.llm_variant.int4_weight_only": {
        "en": "int4 weight-only, groups of 16 (torchao)",
        "zh": "int4 仅权重，每组 16 个（torchao）",
    },
    "explain.llm_variant.dynamic_int8": {
        "en": "dynamic int8 (torch.ao)",
        "zh": "动态 int8（torch.ao）",
    },
    "explain.llm_original": {"en": "original (fp32)", "zh": "原始模型（fp32）"},
    "explain.llm_cmp_title": {
        "en": "Attribution to the continuation per prompt token: original vs {variant}",
        "zh": "每个提示词元对续写的归因：原始模型 vs {variant}",
    },
    "explain.llm_rho_seq": {"en": "Rank correlation ρ (per token)", "zh": "秩相关 ρ（按词元）"},
    "explain.llm_rho_cells": {
        "en": "Rank correlation ρ (every cell)",
        "zh": "秩相关 ρ（全部单元）",
    },
    "explain.llm_top_same": {"en": "Same top prompt token", "zh": "最重要的提示词元相同"},
    "explain.yes": {"en": "yes", "zh": "是"},
    "explain.no": {"en": "no", "zh": "否"},
    "explain.llm_cmp_caption": {
        "en": "Both models attribute the same continuation (the original's), with the same method. Spearman's ρ of the signed attributions: 1 means the quantized model ranks the prompt tokens exactly as the original does (— with fewer than 3 values: no ranking to compare).",
        "zh": "两个模型用同一方法为同一段续写（原始模型的续写）做归因。带符号归因的 Spearman ρ：1 表示量化模型对提示词元的排序与原始模型完全相同（少于 3 个值时显示 —：无从比较排序）。",
    },
    "measure.llm_token_share": {
        "en": "share of the |attribution| to the continuation on prompt token {arg}",
        "zh": "续写的 |归因| 落在第 {arg} 个提示词元上的比例",
    },
    "measure.llm_quantized_rho": {
        "en": "rank correlation ρ of the original's and the {arg} copy's attributions",
        "zh": "原始模型与 {arg} 副本归因的秩相关 ρ",
    },
}
