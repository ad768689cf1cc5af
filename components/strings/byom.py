"""Strings of "bring your own model": model files, weight uploads and what applies to a brought
model (English and 简体中文 side by side)."""

BYOM: dict[str, dict[str, str]] = {
    "task.outputs": {"en": "model outputs (no labels)", "zh": "模型输出（无标签）"},
    "input.tensor": {"en": "tensors", "zh": "张量"},
    "metric.fidelity": {"en": "Agreement with original", "zh": "与原始模型一致率"},
    "metric.fidelity_help": {
        "en": "No labelled test data: the share of test inputs where the largest output is the same as the original model's. The original scores 1 by construction.",
        "zh": "没有带标签的测试数据：测试输入中最大输出与原始模型相同的比例。原始模型按定义得分为 1。",
    },
    "byom.badge": {
        "en": "🧩 Brought model, from {path}",
        "zh": "🧩 自带模型，来自 {path}",
    },
    "byom.input_shape": {"en": "input {shape}", "zh": "输入 {shape}"},
    "byom.applies": {"en": "What applies to this model", "zh": "哪些功能适用于该模型"},
    "byom.col.feature": {"en": "Feature", "zh": "功能"},
    "byom.col.ok": {"en": "Applies", "zh": "适用"},
    "byom.col.why": {"en": "Why not / note", "zh": "原因 / 说明"},
    "byom.feature.conv_layers": {"en": "Grad-CAM (conv layers)", "zh": "Grad-CAM（卷积层）"},
    "byom.feature.attention": {"en": "Attention views", "zh": "注意力视图"},
    "byom.feature.has_labels": {"en": "Accuracy (labelled data)", "zh": "准确率（带标签数据）"},
    "byom.feature.sequential_children": {
        "en": "Model / pipeline parallel splits",
        "zh": "模型 / 流水线并行切分",
    },
    "byom.feature.masked_pruning": {"en": "Masked pruning", "zh": "掩码剪枝"},
    "byom.feature.channel_pruning": {"en": "Channel removal", "zh": "通道移除"},
    "byom.feature.dynamic_int8": {"en": "Dynamic int8", "zh": "动态 int8"},
    "byom.feature.static_int8": {"en": "Static int8", "zh": "静态 int8"},
    "byom.feature.finetuning": {"en": "Fine-tuning after pruning", "zh": "剪枝后微调"},
    "byom.feature.distillation": {"en": "Distillation", "zh": "知识蒸馏"},
    "byom.feature.explain": {
        "en": "Explanation views (attributions, faithfulness, sanity, gradients)",
        "zh": "解释视图（归因、忠实度、合理性、梯度）",
    },
    "byom.feature.images": {"en": "Sample predictions as pictures", "zh": "以图片显示样本预测"},
    "byom.building": {
        "en": "Building the models named with --model (build_model() runs once): {files}",
        "zh": "正在构建 --model 指定的模型（build_model() 只运行一次）：{files}",
    },
    "byom.upload": {
        "en": "Try other weights for this architecture (.safetensors only)",
        "zh": "为该架构试用其他权重（仅限 .safetensors）",
    },
    "byom.upload_help": {
        "en": "Only safetensors files are read: pickle checkpoints (.pt, .pth, .bin) can run code when loaded and are refused. Keys and shapes are checked against the architecture.",
        "zh": "只读取 safetensors 文件：pickle 检查点（.pt、.pth、.bin）在加载时可能执行代码，因此会被拒绝。键和形状会与架构逐一核对。",
    },
    "byom.upload_ok": {
        "en": "{file} fits {model}. On the same test data: {metric} {uploaded:.4f} with your weights vs {shipped:.4f} with the loaded ones; the two agree on {agreement:.1%} of predictions.",
        "zh": "{file} 与 {model} 匹配。在相同测试数据上：你的权重 {metric} 为 {uploaded:.4f}，已加载的权重为 {shipped:.4f}；两者的预测一致率为 {agreement:.1%}。",
    },
    "byom.upload_ok_nolabels": {
        "en": "{file} fits {model}. On the same inputs its predictions agree with the loaded weights on {agreement:.1%}, output cosine {cosine:.4f}.",
        "zh": "{file} 与 {model} 匹配。在相同输入上，它的预测与已加载权重的一致率为 {agreement:.1%}，输出余弦相似度 {cosine:.4f}。",
    },
    # --- errors from models.user_models and components.upload_weights -----------------------
    "byom.error.file_missing": {
        "en": "Model file {path} does not exist.",
        "zh": "模型文件 {path} 不存在。",
    },
    "byom.error.not_python": {
        "en": "Model file {path} is not a Python (.py) file.",
        "zh": "模型文件 {path} 不是 Python（.py）文件。",
    },
    "byom.error.import_failed": {
        "en": "Importing {path} failed at {where}: {error}",
        "zh": "导入 {path} 时在 {where} 出错：{error}",
    },
    "byom.error.missing_function": {
        "en": "{path} must define a function {function}().",
        "zh": "{path} 必须定义函数 {function}()。",
    },
    "byom.error.call_failed": {
        "en": "{function}() raised an error at {where}: {error}",
        "zh": "{function}() 在 {where} 抛出异常：{error}",
    },
    "byom.error.not_a_module": {
        "en": "build_model() in {path} must return a torch.nn.Module, not {got}.",
        "zh": "{path} 中的 build_model() 必须返回 torch.nn.Module，而不是 {got}。",
    },
    "byom.error.bad_example": {
        "en": "{function}() in {path} must return a tensor, or a tuple of tensors with the same batch size, not {got}.",
        "zh": "{path} 中的 {function}() 必须返回一个张量，或批大小相同的张量元组，而不是 {got}。",
    },
    "byom.error.forward_failed": {
        "en": "The model failed on {inputs} (shapes {shapes}) at {where}: {error}",
        "zh": "模型在 {inputs}（形状 {shapes}）上运行失败，位置 {where}：{error}",
    },
    "byom.error.output_not_tensor": {
        "en": "The model in {path} must return one tensor (batch first), not {got}; wrap it in a module whose forward returns the tensor to analyse.",
        "zh": "{path} 中的模型必须返回一个张量（批维在前），而不是 {got}；请用一个 forward 返回待分析张量的模块包装它。",
    },
    "byom.error.batch_dim": {
        "en": "The output of the model in {path} has shape {shape}; its first dimension must be the batch ({batch}).",
        "zh": "{path} 中模型的输出形状为 {shape}；其第一维必须是批大小（{batch}）。",
    },
    "byom.error.weights_not_safetensors": {
        "en": "Weights must be a .safetensors file (pickle checkpoints can run code when loaded): {path}",
        "zh": "权重必须是 .safetensors 文件（pickle 检查点在加载时可能执行代码）：{path}",
    },
    "byom.error.weights_missing": {
        "en": "Weights file {path} does not exist.",
        "zh": "权重文件 {path} 不存在。",
    },
    "byom.error.weights_unreadable": {
        "en": "{file} could not be read: {error}",
        "zh": "无法读取 {file}：{error}",
    },
    "byom.error.weights_mismatch": {
        "en": "{file} does not fit {model}. Missing keys: {missing}. Unexpected keys: {unexpected}. Wrong shapes (file ≠ model): {mismatched}.",
        "zh": "{file} 与 {model} 不匹配。缺少的键：{missing}。多余的键：{unexpected}。形状不符（文件 ≠ 模型）：{mismatched}。",
    },
    "byom.error.data_field": {
        "en": "load_data() in {path} must return {field} as a tensor (or a tuple of tensors for a model with several inputs).",
        "zh": "{path} 中的 load_data() 必须以张量形式返回 {field}（多输入模型可返回张量元组）。",
    },
    "byom.error.data_inputs": {
        "en": "load_data() in {path} gives inputs of shapes {got}; the model takes {expected} input(s), all with the same number of rows.",
        "zh": "{path} 中的 load_data() 给出的输入形状为 {got}；该模型需要 {expected} 个输入，且行数相同。",
    },
    "byom.error.data_labels": {
        "en": "The {split} labels from load_data() in {path} must be a 1-D int64 tensor of class indices.",
        "zh": "{path} 中 load_data() 返回的 {split} 标签必须是由类别索引组成的一维 int64 张量。",
    },
    "byom.error.data_lengths": {
        "en": "load_data() in {path}: {inputs} {split} inputs but {labels} labels.",
        "zh": "{path} 中的 load_data()：{split} 输入有 {inputs} 个，但标签有 {labels} 个。",
    },
    "byom.error.data_label_range": {
        "en": "The {split} labels from load_data() in {path} run from {low} to {high}, but the model outputs {classes} classes.",
        "zh": "{path} 中 load_data() 返回的 {split} 标签范围为 {low} 到 {high}，但模型只输出 {classes} 个类别。",
    },
    "byom.error.model_flag": {
        "en": "--model needs a path to a Python file, e.g. --model my_model.py.",
        "zh": "--model 需要一个 Python 文件路径，例如 --model my_model.py。",
    },
    "byom.error.upload_pickle_name": {
        "en": '{file} was not loaded: {suffix} files are pickles, which can run any code when loaded. Save the weights with safetensors (safetensors.torch.save_file(model.state_dict(), "weights.safetensors")) and upload that file.',
        "zh": '未加载 {file}：{suffix} 文件是 pickle 格式，加载时可能执行任意代码。请用 safetensors 保存权重（safetensors.torch.save_file(model.state_dict(), "weights.safetensors")）后上传该文件。',
    },
    "byom.error.upload_pickle_content": {
        "en": "{file} was not loaded: it is named .safetensors but its content is a {kind} file (what torch.save and pickle write), which can run code when loaded. Convert it to safetensors on a machine you trust.",
        "zh": "未加载 {file}：文件名为 .safetensors，但内容是 {kind} 文件（torch.save 和 pickle 写出的格式），加载时可能执行代码。请在可信的机器上将其转换为 safetensors。",
    },
    "byom.error.upload_not_safetensors": {
        "en": "{file} is not a .safetensors file; only safetensors weights can be uploaded.",
        "zh": "{file} 不是 .safetensors 文件；只能上传 safetensors 格式的权重。",
    },
    "byom.error.upload_not_safetensors_content": {
        "en": "{file} does not start like a safetensors file (an 8-byte header length, then a JSON header).",
        "zh": "{file} 的开头不符合 safetensors 格式（8 字节的头部长度，随后是 JSON 头部）。",
    },
    "byom.error.upload_too_large": {
        "en": "{file} is {size_mb} MB; uploads are limited to {limit_mb} MB.",
        "zh": "{file} 大小为 {size_mb} MB；上传上限为 {limit_mb} MB。",
    },
    "byom.error.upload_unreadable": {
        "en": "{file} is not a readable safetensors file: {error}",
        "zh": "{file} 不是可读取的 safetensors 文件：{error}",
    },
    "byom.error.upload_dtype": {
        "en": "{file} has integer tensors where the model has floating-point ones, or the reverse: {keys}",
        "zh": "{file} 中有些张量与模型的类型不符（整数与浮点互换）：{keys}",
    },
    "byom.error.upload_not_finite": {
        "en": "{file} contains NaN or infinite values in: {keys}",
        "zh": "{file} 中以下张量含有 NaN 或无穷大值：{keys}",
    },
    # --- why a feature does not apply (components.capabilities) ------------------------------
    "byom.reason.chain_multi_input": {
        "en": "The model takes {inputs} inputs; splitting it into stages needs one input passed from layer to layer.",
        "zh": "该模型有 {inputs} 个输入；切分为多个阶段要求只有一个输入在各层之间逐层传递。",
    },
    "byom.reason.chain_too_short": {
        "en": "The model has {children} top-level child module(s); splitting needs at least two.",
        "zh": "该模型只有 {children} 个顶层子模块；切分至少需要两个。",
    },
    "byom.reason.chain_fails": {
        "en": "Its top-level children do not form a chain: calling “{layer}” on the previous child's output fails ({error}).",
        "zh": "其顶层子模块不构成一条链：把前一个子模块的输出传给“{layer}”时出错（{error}）。",
    },
    "byom.reason.chain_not_tensor": {
        "en": "Its top-level children do not form a chain: “{layer}” does not return a single tensor.",
        "zh": "其顶层子模块不构成一条链：“{layer}”没有返回单个张量。",
    },
    "byom.reason.chain_differs": {
        "en": "Calling its {layers} top-level children one after another does not give the model's output: its forward does more (skip connections or branches around them).",
        "zh": "依次调用其 {layers} 个顶层子模块得不到模型的输出：它的 forward 还做了别的事情（跨越子模块的跳跃连接或分支）。",
    },
    "byom.reason.attention_call_fails": {
        "en": "forward_with_attention failed: {error}",
        "zh": "forward_with_attention 运行失败：{error}",
    },
    "byom.reason.attention_bad_maps": {
        "en": "forward_with_attention must return (output, list of attention maps of shape (batch, heads, tokens, tokens)).",
        "zh": "forward_with_attention 必须返回（输出，注意力图列表），每个注意力图的形状为 (batch, heads, tokens, tokens)。",
    },
    "byom.reason.attention_weights_dropped": {
        "en": "The model has attention ({modules}) but its forward does not return the weights; add forward_with_attention(x) returning (output, [one map per layer]) to see them.",
        "zh": "该模型含有注意力模块（{modules}），但其 forward 不返回注意力权重；添加返回（输出，[每层一个注意力图]）的 forward_with_attention(x) 即可查看。",
    },
    "byom.reason.no_attention": {
        "en": "The model has no attention layers.",
        "zh": "该模型没有注意力层。",
    },
    "byom.reason.no_labels": {
        "en": "No labelled test data: accuracy is replaced by fidelity to the original (agreement of predictions and cosine of outputs).",
        "zh": "没有带标签的测试数据：以与原始模型的一致性（预测一致率和输出余弦相似度）代替准确率。",
    },
    "byom.reason.not_classification": {
        "en": "The output has shape {shape}, not one score per class (batch, classes).",
        "zh": "输出形状为 {shape}，而不是每个类别一个分数 (batch, classes)。",
    },
    "byom.reason.no_prunable_layers": {
        "en": "The model has no Conv2d, Linear or attention layers to prune.",
        "zh": "该模型没有可剪枝的 Conv2d、Linear 或注意力层。",
    },
    "byom.reason.channel_trace_fails": {
        "en": "torch-pruning cannot trace the model: {error}",
        "zh": "torch-pruning 无法追踪该模型：{error}",
    },
    "byom.reason.channel_no_groups": {
        "en": "Every layer's channels are tied to the model's output, which must keep its shape.",
        "zh": "每一层的通道都与模型输出相关联，而输出形状必须保持不变。",
    },
    "byom.reason.channel_cut_fails": {
        "en": "Removing channels breaks the model at {layers}: {error}",
        "zh": "移除通道会在 {layers} 处破坏模型：{error}",
    },
    "byom.reason.channel_partial": {
        "en": "Channels cannot be removed from {layers} (the model breaks: {error}); the other layers can lose channels.",
        "zh": "无法从 {layers} 移除通道（模型会出错：{error}）；其他层可以移除通道。",
    },
    "byom.reason.no_linear": {
        "en": "Dynamic int8 quantizes nn.Linear layers, and this model has none.",
        "zh": "动态 int8 量化作用于 nn.Linear 层，而该模型没有。",
    },
    "byom.reason.int8_fails": {
        "en": "The model no longer runs once its Linear layers are int8 ({error}); its forward probably reads a layer's weight directly.",
        "zh": "Linear 层量化为 int8 后模型无法运行（{error}）；其 forward 可能直接读取了某层的权重。",
    },
    "byom.reason.train_single_input": {
        "en": "Training here feeds one input tensor; this model takes {inputs}.",
        "zh": "此处的训练只输入一个张量；该模型需要 {inputs} 个输入。",
    },
    "byom.reason.needs_labels_to_train": {
        "en": "Training needs labelled data and one score per class.",
        "zh": "训练需要带标签的数据，且模型需为每个类别输出一个分数。",
    },
    "byom.reason.no_train_data": {
        "en": "load_data() gives no training set (x_train, y_train).",
        "zh": "load_data() 未提供训练集（x_train、y_train）。",
    },
    "byom.reason.no_student": {
        "en": "There is no smaller student for this model: define build_student(width) in the model file.",
        "zh": "该模型没有更小的学生模型：请在模型文件中定义 build_student(width)。",
    },
    "byom.reason.explain_single_input": {
        "en": "{method} explains one image input; this model takes {inputs} inputs.",
        "zh": "{method} 解释单个图像输入；该模型有 {inputs} 个输入。",
    },
    "byom.reason.explain_image_shape": {
        "en": "{method} needs image batches (batch, channels, height, width); the input has shape {shape}.",
        "zh": "{method} 需要图像批次 (batch, channels, height, width)；该输入形状为 {shape}。",
    },
    "byom.reason.explain_scores": {
        "en": "{method} explains one class score; the output has shape {shape}, not (batch, classes).",
        "zh": "{method} 解释单个类别分数；输出形状为 {shape}，而不是 (batch, classes)。",
    },
    "byom.reason.explain_image_input": {
        "en": "{method} explains image batches (batch, channels, height, width) of floats; this model reads {input}.",
        "zh": "{method} 解释浮点图像批次 (batch, channels, height, width)；该模型的输入为 {input}。",
    },
    "byom.reason.samples_not_images": {
        "en": "Test rows are drawn as pictures only for image batches (batch, channels, height, width) of floats; this model reads {input}.",
        "zh": "只有浮点图像批次 (batch, channels, height, width) 的测试样本才会绘制成图片；该模型的输入为 {input}。",
    },
    "byom.reason.no_input_gradient": {
        "en": "{method} needs gradients with respect to the input, and none reach it (the forward thresholds, detaches or leaves torch).",
        "zh": "{method} 需要关于输入的梯度，但梯度无法传回输入（forward 中有阈值化、detach 或非 torch 运算）。",
    },
    "byom.reason.reused_module": {
        "en": "{method} needs each activation module used once; {modules} is called more than once in the forward.",
        "zh": "{method} 要求每个激活模块只使用一次；{modules} 在 forward 中被调用了不止一次。",
    },
}
