"""Strings of the classroom features: lessons on Home, report export, job queue (English and
简体中文 side by side)."""

CLASSROOM: dict[str, dict[str, str]] = {
    # --- lessons on Home ---------------------------------------------------------------------
    "home.lessons": {"en": "Lessons: one technique at a time", "zh": "课程：一次学一种技术"},
    "home.lessons_caption": {
        "en": "Each card explains a technique in a few sentences; its link opens the page with "
        "the settings the card talks about. Then do what “Try this” says and look for the change.",
        "zh": "每张卡片用几句话讲解一种技术；点击链接即可按卡片所说的设置打开对应页面。然后按“试一试”的提示操作，"
        "观察变化。",
    },
    "home.lesson_open": {"en": "Open this lesson", "zh": "打开本课"},
    "home.try": {"en": "**Try this:** {text}", "zh": "**试一试：**{text}"},
    "lesson.pruning.title": {"en": "✂️ Pruning", "zh": "✂️ 剪枝"},
    "lesson.pruning.text": {
        "en": "Pruning sets the smallest weights of a trained network to zero, on the bet that "
        "they matter least. Networks have far more weights than they need, so accuracy holds "
        "for a while, then falls faster and faster. Zeros left inside dense tensors are still "
        "multiplied, so masking alone makes nothing faster; removing whole channels does.",
        "zh": "剪枝把训练好的网络中最小的权重置零，假定它们最不重要。网络的权重通常远多于所需，所以准确率能保持一段时间，"
        "之后越降越快。留在稠密张量里的零仍然要参与乘法，所以仅靠掩码不会让模型变快；删除整个通道才会。",
    },
    "lesson.pruning.try": {
        "en": "drag **Amount** from 50 % to 90 % and watch the test accuracy and the latency in "
        "the table, then switch to **Channel removal** at 50 % and fine-tune it for 2 epochs.",
        "zh": "把**剪枝比例**从 50% 拖到 90%，观察表格中的测试准确率和延迟；再改用**通道移除**（50%），并微调 2 轮。",
    },
    "lesson.pruning.step1": {
        "en": "Look at the table at **Amount** 50 %.",
        "zh": "先看**剪枝比例**为 50% 时的表格。",
    },
    "lesson.pruning.step1.see": {
        "en": "Half of LeNet's weights are zero, yet it still gets about 98 % of the test digits "
        "right: those weights were not needed.",
        "zh": "LeNet 一半的权重已经为零，测试数字仍能认对约 98%：这些权重本来就不需要。",
    },
    "lesson.pruning.step2": {
        "en": "Drag **Amount** to 90 %.",
        "zh": "把**剪枝比例**拖到 90%。",
    },
    "lesson.pruning.step2.see": {
        "en": "Accuracy falls faster and faster (about 93 % at 60 %, 87 % at 70 %, 63 % at 80 %) "
        "and ends near a third at 90 %. Latency hardly moves: masked zeros are still "
        "multiplied.",
        "zh": "准确率越降越快（60% 时约 93%，70% 时约 87%，80% 时约 63%），到 90% 时只剩约三分之一。延迟几乎不变："
        "被掩码置零的权重仍然参与乘法。",
    },
    "lesson.pruning.step3": {
        "en": "Choose the method **Channel removal** and set **Amount** back to 50 %.",
        "zh": "把方法改为**通道移除**，并把**剪枝比例**调回 50%。",
    },
    "lesson.pruning.step3.see": {
        "en": "Now whole channels go: the model really shrinks and its latency drops to about "
        "half. But accuracy falls to about half of the digits, because every removed channel "
        "takes its features with it.",
        "zh": "这次删除的是整个通道：模型真的变小了，延迟降到约一半。但准确率也降到约一半，因为每个被删的通道都带走了它的特征。",
    },
    "lesson.pruning.step4": {
        "en": "Set **Fine-tune epochs** to 2.",
        "zh": "把**微调轮数**设为 2。",
    },
    "lesson.pruning.step4.see": {
        "en": "Two epochs of training on the pruned model win most of it back (above 90 %), while "
        "it stays small and fast: prune, then fine-tune.",
        "zh": "在剪枝后的模型上训练两轮，就能找回大部分准确率（90% 以上），而模型依然小而快：先剪枝，再微调。",
    },
    "lesson.quantization.title": {"en": "🔢 Quantization", "zh": "🔢 量化"},
    "lesson.quantization.text": {
        "en": "Quantization stores each weight in 8 bits instead of 32, using a scale that maps "
        "the weights onto 256 levels, and rounds each weight to the nearest level. Only the "
        "layers a method converts shrink fourfold; biases and scales stay 32-bit. How much the "
        "rounding hurts depends on how well the scale fits the weights.",
        "zh": "量化用 8 位而不是 32 位来存储每个权重：用一个缩放因子把权重映射到 256 个级别上，再把每个权重舍入到最近的级别。"
        "只有被该方法转换的层才缩小四倍，偏置和缩放因子仍是 32 位。舍入的损失有多大，取决于缩放因子与权重的匹配程度。",
    },
    "lesson.quantization.try": {
        "en": "compare the sizes in the table, switch **Per-channel scales** off and watch fc1 "
        "in “Quantization error per layer”, then choose **Static int8**.",
        "zh": "比较表格中的大小，关闭**逐通道缩放**并观察“每层量化误差”中的 fc1，再选择**静态 int8**。",
    },
    "lesson.quantization.step1": {
        "en": "Look at **Size on disk** in the table (dynamic int8).",
        "zh": "查看表格中的**磁盘大小**（动态 int8）。",
    },
    "lesson.quantization.step1.see": {
        "en": "The model is about half its size (×0.49), not a quarter: dynamic int8 converts "
        "only the Linear layers, and LeNet's two convolutions stay in fp32.",
        "zh": "模型大约缩小到一半（×0.49），而不是四分之一：动态 int8 只转换全连接层，LeNet 的两个卷积层仍是 fp32。",
    },
    "lesson.quantization.step2": {
        "en": "Switch **Per-channel scales** off.",
        "zh": "关闭**逐通道缩放**。",
    },
    "lesson.quantization.step2.see": {
        "en": "In “Quantization error per layer” the weight SQNR of fc1 falls by about 3 dB: one "
        "scale must now fit every output channel at once.",
        "zh": "在“每层量化误差”图中，fc1 的权重信噪比下降约 3 dB：现在一个缩放因子要同时适配所有输出通道。",
    },
    "lesson.quantization.step3": {
        "en": "Choose **Static int8** (per-channel scales on).",
        "zh": "选择**静态 int8**（开启逐通道缩放）。",
    },
    "lesson.quantization.step3.see": {
        "en": "Static int8 converts the convolutions too, after measuring activation ranges on "
        "calibration digits: the model shrinks further, to about a third.",
        "zh": "静态 int8 先在校准数字上测出激活值的范围，连卷积层也一并转换：模型进一步缩小到约三分之一。",
    },
    "lesson.distillation.title": {"en": "🎓 Distillation", "zh": "🎓 知识蒸馏"},
    "lesson.distillation.text": {
        "en": "Distillation trains a small student network to copy a large teacher's "
        "probabilities, not just the right labels. The temperature T softens those "
        "probabilities, so the student also learns which wrong answers the teacher finds "
        "plausible (a 7 that looks a bit like a 1).",
        "zh": "知识蒸馏让一个小的学生网络去模仿大的教师网络给出的概率，而不只是正确标签。温度 T 会让这些概率更“软”，"
        "这样学生还能学到教师认为哪些错误答案也说得通（比如有点像 1 的 7）。",
    },
    "lesson.distillation.try": {
        "en": "move **Temperature T** from 4 to 1 and back, watching the teacher's "
        "probabilities, then press **Train** and compare the two students.",
        "zh": "把**温度 T** 从 4 调到 1 再调回来，观察教师的概率；然后点击**训练**，比较两个学生。",
    },
    "lesson.distillation.step1": {
        "en": "Move **Temperature T** to 1.",
        "zh": "把**温度 T** 调到 1。",
    },
    "lesson.distillation.step1.see": {
        "en": "The teacher puts almost all of its probability on one class (on average 99 % on "
        "its top class): there is little to learn beyond the label.",
        "zh": "教师几乎把全部概率放在一个类别上（平均 99% 落在最可能的类别）：除了标签之外没什么可学的。",
    },
    "lesson.distillation.step2": {
        "en": "Set **Temperature T** back to 4 and press **Train**.",
        "zh": "把**温度 T** 调回 4，点击**训练**。",
    },
    "lesson.distillation.step2.see": {
        "en": "At T = 4 the top class keeps less (about 89 % on average) and the rest goes to "
        "look-alike digits. The student, a tenth of the teacher's size, passes 90 %; on these "
        "easy digits it ends level with the student trained from scratch, within a couple of "
        "points that change with the seed.",
        "zh": "在 T = 4 时，最可能的类别分到的概率变少（平均约 89%），其余分给了长得相像的数字。只有教师十分之一大小的学生"
        "准确率超过 90%；在这些简单的数字上，它与从零训练的学生最终不相上下，差距只有一两个百分点，并随随机种子变化。",
    },
    "lesson.panel.title": {
        "en": "🎓 **Lesson: {title}** · step {step} of {n}",
        "zh": "🎓 **课程：{title}** · 第 {step} 步，共 {n} 步",
    },
    "lesson.panel.title_start": {
        "en": "🎓 **Lesson: {title}** · {n} steps: press 1 to start",
        "zh": "🎓 **课程：{title}** · 共 {n} 步：点 1 开始",
    },
    "lesson.panel.close": {"en": "Close lesson", "zh": "关闭课程"},
    "lesson.panel.go_help": {
        "en": "Set the page to step {n}'s settings",
        "zh": "把页面设为第 {n} 步的设置",
    },
    "lesson.panel.see": {
        "en": "**You should now see:** {text}",
        "zh": "**现在你应该看到：**{text}",
    },
    "lesson.panel.measure": {"en": "Check it: measure now", "zh": "验证一下：现在测量"},
    "lesson.panel.measure_help": {
        "en": "The check measures the same numbers as the page, on this step's settings "
        "(a few seconds; timings and parallel runs take longer).",
        "zh": "验证会在本步的设置下测量与页面相同的数值（几秒钟；计时和并行运行需要更久）。",
    },
    "lesson.panel.measuring": {"en": "Measuring…", "zh": "正在测量……"},
    "lesson.panel.holds": {
        "en": "✅ As expected — measured: {line}",
        "zh": "✅ 与预期一致——实测：{line}",
    },
    "lesson.panel.differs": {
        "en": "Not what the lesson expects — measured: {line}. Re-measure, or look at the "
        "page's own numbers: this is worth discussing.",
        "zh": "与课程的预期不符——实测：{line}。可以重新测量，或查看页面上的数值：这值得讨论。",
    },
    "lesson.panel.differs_busy": {
        "en": "Not what the lesson expects — measured: {line}. The machine was busy while it "
        "ran (other work shared the cores), so timings are unreliable: re-measure.",
        "zh": "与课程的预期不符——实测：{line}。测量时机器很忙（其他任务占用了 CPU 核心），计时不可靠：请重新测量。",
    },
    "lesson.panel.measured_when": {
        "en": "Measured at {when}; highest load while measuring {load:.1f} on {cores} core(s).",
        "zh": "测于 {when}；测量期间最高负载 {load:.1f}（{cores} 个核心）。",
    },
    "lesson.panel.remeasure": {"en": "Re-measure the timings", "zh": "重新测量计时"},
    "lesson.panel.reset": {"en": "↺ Back to the lesson's settings", "zh": "↺ 恢复课程的设置"},
    "lesson.panel.previous": {"en": "← {title}", "zh": "← {title}"},
    "lesson.panel.next": {"en": "{title} →", "zh": "{title} →"},
    "lesson.check.line": {
        "en": "{measure}: {value} {op} {reference}",
        "zh": "{measure}：{value} {op} {reference}",
    },
    "lesson.check.versus": {
        "en": "{value} ({other} at {where}: {measured})",
        "zh": "{value}（设置 {where} 时的{other}：{measured}）",
    },
    "measure.accuracy": {"en": "test accuracy", "zh": "测试准确率"},
    "measure.size_ratio": {"en": "size on disk vs the original", "zh": "磁盘大小（相对原模型）"},
    "measure.latency_ratio": {
        "en": "latency vs the original (1 thread)",
        "zh": "延迟（相对原模型，1 个线程）",
    },
    "measure.weight_sqnr": {"en": "weight SQNR of {arg}", "zh": "{arg} 的权重信噪比"},
    "measure.teacher_top_probability": {
        "en": "teacher's mean top-class probability",
        "zh": "教师对最可能类别的平均概率",
    },
    "measure.distilled_accuracy": {
        "en": "distilled student's test accuracy",
        "zh": "蒸馏学生的测试准确率",
    },
    "measure.scratch_accuracy": {
        "en": "scratch student's test accuracy",
        "zh": "从零训练学生的测试准确率",
    },
    "lesson.model_parallel.title": {"en": "🧩 Model parallel", "zh": "🧩 模型并行"},
    "lesson.model_parallel.text": {
        "en": "Model parallelism cuts a network into consecutive stages and runs each stage in "
        "its own process, so a model too big for one device still fits. Each stage waits for "
        "the previous one and the activations have to travel between processes, so it saves "
        "memory, not time.",
        "zh": "模型并行把网络切成连续的几个阶段，每个阶段在自己的进程中运行，这样单个设备放不下的模型也能运行。每个阶段都"
        "要等待前一个阶段，激活值还要在进程之间传递，所以它节省的是内存，而不是时间。",
    },
    "lesson.model_parallel.try": {
        "en": "press **Run on local processes**, then set **Processes** to 3 and run again. In "
        "“Where each process's time went”, see how much of every step is spent waiting for or "
        "sending activations instead of computing.",
        "zh": "点击**在本地进程上运行**，然后把**进程数**设为 3 再运行一次。在“每个进程的时间花在哪里”中，看看每一步有"
        "多少时间花在等待或发送激活值上，而不是计算上。",
    },
    "lesson.pipeline_parallel.title": {"en": "🚰 Pipeline parallel", "zh": "🚰 流水线并行"},
    "lesson.pipeline_parallel.text": {
        "en": "Pipeline parallelism splits each batch into micro-batches, so that while stage 2 "
        "works on the first micro-batch, stage 1 can already start the second. The idle time "
        "left at the start and the end is the “bubble”: with p stages and m micro-batches it "
        "is about (p−1)/(m+p−1) of the step.",
        "zh": "流水线并行把每个批次拆成若干微批次：当第 2 阶段处理第一个微批次时，第 1 阶段已经可以开始处理第二个。开头和"
        "结尾剩下的空闲时间称为“气泡”：有 p 个阶段、m 个微批次时，它约占一步的 (p−1)/(m+p−1)。",
    },
    "lesson.pipeline_parallel.try": {
        "en": "press **Run on local processes** with 1 micro-batch (the bubble is half the step), "
        "then raise **Micro-batches** to 8 and run again: the gaps in the measured Gantt chart "
        "shrink, and the measured bubble moves toward 1/9.",
        "zh": "在 1 个微批次时点击**在本地进程上运行**（气泡占一步的一半），然后把**微批次数**调到 8 再运行：实测甘特图"
        "中的空隙变小，实测气泡向 1/9 靠近。",
    },
    "lesson.hardware_acceleration.title": {"en": "🏎️ Hardware acceleration", "zh": "🏎️ 硬件加速"},
    "lesson.hardware_acceleration.text": {
        "en": "The same model can run on different backends: eager PyTorch runs one Python "
        "operation at a time, while ONNX Runtime or torch.compile see the whole graph and can "
        "fuse operations and use the CPU's vector instructions. Whether that pays off depends "
        "on the model, the batch size and the hardware, so it has to be measured.",
        "zh": "同一个模型可以在不同后端上运行：eager 模式的 PyTorch 一次执行一个 Python 操作，而 ONNX Runtime 或 "
        "torch.compile 能看到整张计算图，可以融合操作并使用 CPU 的向量指令。是否值得，取决于模型、批大小和硬件，"
        "所以必须实测。",
    },
    "lesson.hardware_acceleration.try": {
        "en": "look at the speed-up over eager across batch sizes: for LeNet, ONNX Runtime's lead "
        "is largest at batch 1, where eager's per-operation overhead dominates. Then move "
        "**Batch size** to 256 and see whether the lead holds when each operation has more work.",
        "zh": "查看各批大小下相对 eager 的加速比：对 LeNet 来说，ONNX Runtime 在批大小为 1 时领先最多，因为此时 eager "
        "每个操作的开销占主导。然后把**批大小**调到 256，看看当每个操作的工作量变大时，领先是否还在。",
    },
    "lesson.attention.title": {"en": "👁️ Attention analysis", "zh": "👁️ 注意力分析"},
    "lesson.attention.text": {
        "en": "A transformer cuts the digit into 4×4 patches and lets a special class token "
        "“attend” to them: in each layer and head, it takes a weighted average of the patches. "
        "The weights show where the model reads from, but a single layer does not tell the "
        "whole story; the rollout combines all layers.",
        "zh": "Transformer 把数字切成 4×4 的图块，并让一个特殊的分类词元去“关注”它们：在每一层、每个注意力头中，它都对"
        "图块取加权平均。这些权重表明模型从哪里读取信息，但单独一层说明不了全部；rollout 把所有层结合起来。",
    },
    "lesson.attention.try": {
        "en": "move **Layer** from 0 to 3 and compare the panels: in layer 0 the class token "
        "looks at a few patches, while in the last layers its mean attention is spread almost "
        "evenly over the image. Then compare the single heads: they do not all look at the "
        "same place.",
        "zh": "把**层**从 0 移到 3 并比较各面板：在第 0 层，分类词元只关注少数几个图块；而在最后几层，它的平均注意力几乎"
        "均匀地分布在整张图上。再比较单个注意力头：它们关注的地方并不相同。",
    },
    "lesson.gradients.title": {"en": "📈 Gradient visualisation", "zh": "📈 梯度可视化"},
    "lesson.gradients.text": {
        "en": "The gradient of the class score with respect to each pixel says how much a tiny "
        "change of that pixel would change the score: a saliency map. Raw gradients are noisy, "
        "so SmoothGrad averages them over noisy copies of the input, and Integrated Gradients "
        "adds them up along a path from a black image.",
        "zh": "类别得分对每个像素的梯度，表示这个像素的微小变化会让得分改变多少：这就是显著性图。原始梯度噪声很大，所以 "
        "SmoothGrad 在加了噪声的多份输入上取平均，积分梯度则沿着从全黑图像出发的路径把梯度累加起来。",
    },
    "lesson.gradients.try": {
        "en": "compare **Saliency** with **SmoothGrad**: the raw gradient is speckled, the "
        "averaged one follows the strokes. Then change **Explain the class** from the predicted "
        "digit to another one and see which pixels would argue for that class.",
        "zh": "比较**显著性图**与 **SmoothGrad**：原始梯度斑斑点点，平均后的梯度则沿着笔画分布。然后把**解释的类别**从"
        "预测的数字改成另一个数字，看看哪些像素会支持那个类别。",
    },
    "lesson.local_explanations.title": {"en": "🧪 Local explanations", "zh": "🧪 局部解释"},
    "lesson.local_explanations.text": {
        "en": "Local explanations need no gradients: they hide parts of one input and watch how "
        "the prediction changes. Occlusion slides a grey window over the image; LIME and Kernel "
        "SHAP switch random groups of patches off and fit a simple model to the answers. They "
        "explain this one prediction, not the model as a whole.",
        "zh": "局部解释不需要梯度：它们把某个输入的部分区域遮住，观察预测如何变化。遮挡法让一个灰色窗口在图上滑动；LIME "
        "和 Kernel SHAP 随机关闭几组图块，再用一个简单模型去拟合结果。它们解释的是这一次预测，而不是整个模型。",
    },
    "lesson.local_explanations.try": {
        "en": "open **Method parameters** and raise LIME's samples from 200 to 1000: the map "
        "becomes steadier, and the cost under it shows five times as many forward passes. "
        "In “How much the methods agree”, check whether the three methods point to the same "
        "patches.",
        "zh": "打开**方法参数**，把 LIME 的样本数从 200 提高到 1000：解释图更稳定，图下方的开销显示前向传播次数变为五倍。"
        "在“各方法之间的一致程度”中，看看三种方法是否指向相同的图块。",
    },
    "lesson.feature_fusion.title": {"en": "🧷 Feature fusion", "zh": "🧷 特征融合"},
    "lesson.feature_fusion.text": {
        "en": "Feature fusion encodes each modality on its own — here a picture of a digit and "
        "the same digit spoken aloud — and joins the two feature vectors before one classifier. "
        "When one input is unclear, the other can still carry the answer.",
        "zh": "特征融合先分别对每种模态编码——这里是一张数字图片和读出同一个数字的语音——再把两个特征向量拼接起来送入"
        "同一个分类器。当一个输入不清楚时，另一个仍能给出答案。",
    },
    "lesson.feature_fusion.try": {
        "en": "lower **Speech SNR (dB)**, or set **Drop a modality** to “no speech”, and compare "
        "Feature concatenation with Image only and Speech only: look at whether fusion stays "
        "above the better single modality, and how close it falls to the image-only model.",
        "zh": "降低**语音信噪比（dB）**，或把**去掉一个模态**设为“无语音”，比较特征拼接与仅图像、仅语音模型：看看融合"
        "是否仍高于较好的单一模态，以及它会降到离仅图像模型多近。",
    },
    "lesson.deep_fusion.title": {"en": "🔀 Deep fusion", "zh": "🔀 深度融合"},
    "lesson.deep_fusion.text": {
        "en": "Deep fusion lets the modalities meet inside the network: with cross-attention each "
        "audio frame looks at image patches, and a gate learns how much to trust each input. "
        "Those attention weights and gate values are easy to show, but they are not the same "
        "as importance.",
        "zh": "深度融合让两种模态在网络内部相遇：通过交叉注意力，每个音频帧都会去看图像块；门控则学习对每个输入信任多少。"
        "这些注意力权重和门控值很容易展示，但它们并不等于重要性。",
    },
    "lesson.deep_fusion.try": {
        "en": "in “Attention weights and gates are not importance”, compare the gated model's own "
        "image weight with the image's Shapley share as the image or the speech is replaced "
        "by noise: does the gate move as far as the real importance does?",
        "zh": "在“注意力权重和门控不等于重要性”中，当图像或语音被替换为噪声时，比较门控模型自身给图像的权重与图像的 "
        "Shapley 份额：门控的变化是否和真实重要性的变化一样大？",
    },
    "lesson.graph_fusion.title": {"en": "🕸️ Graph fusion", "zh": "🕸️ 图融合"},
    "lesson.graph_fusion.text": {
        "en": "Graph fusion makes every image patch and every audio frame a node of one graph, "
        "and a graph attention network passes messages along its edges, within each modality "
        "and across. Each node's share of cross-modal attention shows how much it listens to "
        "the other modality.",
        "zh": "图融合把每个图像块和每个音频帧都当作同一张图上的节点，由图注意力网络沿着边在模态内部和模态之间传递消息。"
        "每个节点的跨模态注意力份额表明它在多大程度上“听取”另一种模态。",
    },
    "lesson.graph_fusion.try": {
        "en": "under **Speech**, pick a stored clip of another digit (an image of a 3 heard as a "
        "7) and look at the graph model's cross-modal attention and its prediction: which "
        "modality does it follow when the two disagree?",
        "zh": "在**语音**中选一段读另一个数字的录音（看到 3，听到 7），观察图模型的跨模态注意力和预测：两者矛盾时，它"
        "跟随的是哪种模态？",
    },
    # --- report export -------------------------------------------------------------------------
    "report.download": {"en": "Download this view (HTML)", "zh": "下载当前视图（HTML）"},
    "report.download_help": {
        "en": "One HTML file with this page's figures (interactive, opens offline), tables, key "
        "numbers, every setting and the share link. It is built when you click.",
        "zh": "一个 HTML 文件，包含本页的图表（可交互，离线可打开）、表格、关键数字、全部设置和分享链接。点击时才生成。",
    },
    "report.title": {"en": "ModelLens report: {page}", "zh": "ModelLens 报告：{page}"},
    "report.page": {"en": "Page", "zh": "页面"},
    "report.model": {"en": "Model", "zh": "模型"},
    "report.language": {"en": "Language", "zh": "语言"},
    "report.link": {"en": "Share link", "zh": "分享链接"},
    "report.link_help": {
        "en": "Open this link while the ModelLens server runs to see the same view live.",
        "zh": "在 ModelLens 服务器运行时打开此链接，即可实时看到相同的视图。",
    },
    "report.settings": {"en": "Settings", "zh": "设置"},
    "report.setting": {"en": "setting", "zh": "设置项"},
    "report.value": {"en": "value", "zh": "值"},
    "report.numbers": {"en": "Key numbers", "zh": "关键数字"},
    "report.contents": {"en": "Figures and tables", "zh": "图表与表格"},
    "report.empty": {
        "en": "This view showed no figures or tables.",
        "zh": "该视图没有显示图表或表格。",
    },
    "report.created": {
        "en": "Created {time} · torch {torch} · {threads} thread(s)",
        "zh": "生成于 {time} · torch {torch} · {threads} 个线程",
    },
    "report.offline": {
        "en": "plotly.js is embedded in this file: the figures work offline.",
        "zh": "本文件内嵌了 plotly.js：图表可离线使用。",
    },
    "report.csv": {"en": "Download as CSV", "zh": "下载 CSV"},
    "report.backends": {
        "en": "Which backends run on this machine, and why not",
        "zh": "本机可用的后端，以及不可用的原因",
    },
    # --- job queue ---------------------------------------------------------------------------
    "jobs.shared": {
        "en": "⏳ Another session is computing this very result right now; it appears here as soon "
        "as it is ready (computed once, shared by everyone)…",
        "zh": "⏳ 另一个会话正在计算完全相同的结果；结果一出来就会显示在这里（只计算一次，所有人共享）……",
    },
}
