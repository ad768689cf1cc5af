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
}
