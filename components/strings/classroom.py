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
    "home.try": {"en": "**Try this:** {text}", "zh": "**试一试**：{text}"},
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
        "en": "{value} ({other} with {where}: {measured})",
        "zh": "{value}（{where} 时的{other}：{measured}）",
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
    "measure.speedup": {
        "en": "{arg}: speed-up over eager (same run)",
        "zh": "{arg} 相对 eager 的加速比（同一次运行）",
    },
    "measure.bubble": {"en": "measured bubble", "zh": "实测气泡"},
    "measure.mp_compute_share": {
        "en": "share of the processes' time spent computing",
        "zh": "各进程用于计算的时间占比",
    },
    "measure.int8_share": {
        "en": "share of the work in the layers dynamic int8 converts",
        "zh": "动态 int8 所转换层的计算量占比",
    },
    "lesson.model_parallel.title": {"en": "🧩 Model parallel", "zh": "🧩 模型并行"},
    "lesson.model_parallel.text": {
        "en": "Model parallelism cuts a network into consecutive stages and runs each stage in "
        "its own process, so a model too big for one device still fits. The batch goes through "
        "the stages in turn: while one process computes, the others wait, and every activation is "
        "sent from one process to the next.",
        "zh": "模型并行把网络切成连续的几个阶段，每个阶段在自己的进程中运行，这样单个设备放不下的模型也能运行。一个批次依次经过"
        "各个阶段：一个进程计算时，其他进程只能等待，而且每个激活值都要从一个进程发送给下一个进程。",
    },
    "lesson.model_parallel.try": {
        "en": "press **Run on local processes** and read “Where each process's time went”, then "
        "set **Processes** to 3 and run again.",
        "zh": "点击**在本地进程上运行**，查看“每个进程的时间花在哪里”；然后把**进程数**设为 3 再运行一次。",
    },
    "lesson.model_parallel.step1": {
        "en": "Press **Run on local processes** (LeNet on 2 processes, 512 digits per pass).",
        "zh": "点击**在本地进程上运行**（LeNet，2 个进程，每次前向 512 个数字）。",
    },
    "lesson.model_parallel.step1.see": {
        "en": "In “Where each process's time went” the two processes compute only about half of "
        "their time (44–56 % measured here): the rest goes to waiting while the other one "
        "computes and to sending and receiving the activations.",
        "zh": "在“每个进程的时间花在哪里”中，两个进程只有约一半的时间在计算（本机实测 44–56%）：其余时间用于在另一个进"
        "程计算时等待，以及发送和接收激活值。",
    },
    "lesson.model_parallel.step2": {
        "en": "Set **Processes** to 3 and run again.",
        "zh": "把**进程数**设为 3，再运行一次。",
    },
    "lesson.model_parallel.step2.see": {
        "en": "Computing falls to about a third of the time (25–36 % measured): each process now "
        "waits for the two others. Each process holds less of the model, which is what model "
        "parallelism is for, but the processes still take turns instead of working at once.",
        "zh": "计算降到约三分之一的时间（实测 25–36%）：现在每个进程都要等另外两个进程。每个进程只需存放模型中更小的一部"
        "分，这正是模型并行的用途；但各进程仍是轮流工作，而不是同时工作。",
    },
    "lesson.pipeline_parallel.title": {"en": "🚰 Pipeline parallel", "zh": "🚰 流水线并行"},
    "lesson.pipeline_parallel.text": {
        "en": "Pipeline parallelism splits each batch into micro-batches, so that while stage 2 "
        "works on the first micro-batch, stage 1 can already start the second. The idle time left "
        "at the start and the end is the “bubble”: with p stages and m micro-batches the ideal "
        "schedule idles (p−1)/(m+p−1) of the step. Every micro-batch must also be sent between "
        "processes, so pipelining pays only when each one carries enough work.",
        "zh": "流水线并行把每个批次拆成若干微批次：当第 2 阶段处理第一个微批次时，第 1 阶段已经可以开始处理第二个。开头和"
        "结尾剩下的空闲时间称为“气泡”：有 p 个阶段、m 个微批次时，理想调度中它占一步的 (p−1)/(m+p−1)。每个微"
        "批次还要在进程之间传递，所以只有每个微批次的计算量足够大时，流水线才划算。",
    },
    "lesson.pipeline_parallel.try": {
        "en": "press **Run on local processes** with 1 micro-batch, then set **Micro-batches** to "
        "8 and run again, comparing **Measured bubble** and the gaps in “Measured schedule”; then "
        "try 8 micro-batches on LeNet with 64 images per step.",
        "zh": "在 1 个微批次时点击**在本地进程上运行**，然后把**微批次数**调到 8 再运行，比较**实测气"
        "泡**和“实测调度”图中的空隙；最后在 LeNet 上以每步 64 张图像、8 个微批次再试一次。",
    },
    "lesson.pipeline_parallel.step1": {
        "en": "Press **Run on local processes** (the Tiny ViT on 2 processes, GPipe, 512 images "
        "in 1 micro-batch).",
        "zh": "点击**在本地进程上运行**（Tiny ViT，2 个进程，GPipe，512 张图像作为 1 个微批次）。",
    },
    "lesson.pipeline_parallel.step1.see": {
        "en": "**Measured bubble** is about half of the step (50–53 % measured), as the formula "
        "says for p = 2, m = 1: with a single micro-batch the two processes take turns, each idle "
        "while the other computes.",
        "zh": "**实测气泡**约占一步的一半（实测 50–53%），与公式在 p = 2、m = 1 时的结果一致：只有一个微"
        "批次时，两个进程只能轮流工作，一个计算时另一个空闲。",
    },
    "lesson.pipeline_parallel.step2": {
        "en": "Set **Micro-batches** to 8 and run again.",
        "zh": "把**微批次数**调到 8，再运行一次。",
    },
    "lesson.pipeline_parallel.step2.see": {
        "en": "The bubble falls well below half (13–30 % measured): while one process works on a "
        "micro-batch, the other works on the next, and the gaps in “Measured schedule” close. It "
        "stays above the formula's 1/9 ≈ 11 %, which assumes stages of equal length and sends "
        "that cost nothing.",
        "zh": "气泡降到远低于一半（实测 13–30%）：一个进程处理某个微批次时，另一个进程在处理下一个，“实测调度”图中的空"
        "隙随之变小。但它仍高于公式给出的 1/9 ≈ 11%，因为公式假定各阶段耗时相同、发送不花时间。",
    },
    "lesson.pipeline_parallel.step3": {
        "en": "Choose **LeNet** as the model in the sidebar and set **Batch (images per step)** "
        "to 64 (still 8 micro-batches), then run again.",
        "zh": "在侧边栏把模型换成 **LeNet**，把**批大小（每步图像数）**设为 64（仍是 8 个微批次），再运行一"
        "次。",
    },
    "lesson.pipeline_parallel.step3.see": {
        "en": "Here the bubble stays large (51–89 % measured), far above the Tiny ViT's with the "
        "same 8 micro-batches: a micro-batch of 8 small digits is so little work that sending it "
        "and the schedule's bookkeeping leave the processes idle for much of the step. Pipelining "
        "pays only when a micro-batch outweighs its transfer.",
        "zh": "这时气泡依然很大（实测 51–89%），远高于同样 8 个微批次的 Tiny ViT：8 个小数字组成的微批次计"
        "算量太小，发送它和调度开销让进程在一步中有很多时间空闲。只有微批次的计算量超过传输开销时，流水线才划算。",
    },
    "lesson.hardware_acceleration.title": {"en": "🏎️ Hardware acceleration", "zh": "🏎️ 硬件加速"},
    "lesson.hardware_acceleration.text": {
        "en": "The same model can run on different backends: eager PyTorch runs one operation at "
        "a time from Python, while ONNX Runtime sees the whole graph, so it can fuse operations "
        "and skip Python between them. Whether that pays off depends on the model, the batch size "
        "and the hardware, so it has to be measured, here on one CPU thread.",
        "zh": "同一个模型可以在不同后端上运行：eager 模式的 PyTorch 从 Python 中一次执行一个操作，"
        "而 ONNX Runtime 能看到整张计算图，因而可以融合操作，操作之间也不必经过 Python。是否值得，取决于模"
        "型、批大小和硬件，所以必须实测；本课在单个 CPU 线程上测量。",
    },
    "lesson.hardware_acceleration.try": {
        "en": "read ONNX Runtime's and dynamic int8's speed-up over eager at **Batch size** 1, "
        "then move **Batch size** to 256 and compare.",
        "zh": "查看**批大小**为 1 时 ONNX Runtime 和动态 int8 相对 eager 的加速比，然后"
        "把**批大小**调到 256 再比较。",
    },
    "lesson.hardware_acceleration.step1": {
        "en": "Read the three metrics at **Batch size** 1 (**CPU threads** 1).",
        "zh": "查看**批大小**为 1（**CPU 线程数**为 1）时的三个指标。",
    },
    "lesson.hardware_acceleration.step1.see": {
        "en": "ONNX Runtime runs LeNet several times faster than eager (5.6–13× measured here): "
        "one digit is little work for each operation, so eager's cost of launching every "
        "operation from Python dominates, and ONNX Runtime does not pay it.",
        "zh": "ONNX Runtime 运行 LeNet 比 eager 快好几倍（本机实测 5.6–13 倍）：一个数字分到"
        "每个操作上的计算量很小，eager 从 Python 逐个启动操作的开销占了大头，而 ONNX Runtime 没有这笔"
        "开销。",
    },
    "lesson.hardware_acceleration.step2": {
        "en": "Move **Batch size** to 256.",
        "zh": "把**批大小**调到 256。",
    },
    "lesson.hardware_acceleration.step2.see": {
        "en": "ONNX Runtime's lead shrinks to 2–3× (2.2–2.9× measured) but holds: with 256 digits "
        "every operation has real work, so the per-operation overhead counts for less. Dynamic "
        "int8 is about as fast as eager (0.75–1.15×): it converts only LeNet's two Linear layers, "
        "3 % of its work, and leaves the convolutions in fp32.",
        "zh": "ONNX Runtime 的领先缩小到 2–3 倍（实测 2.2–2.9 倍），但依然领先：256 个数字让每个"
        "操作都有实在的计算量，逐个操作的开销就不那么重要了。动态 int8 和 eager 差不多快（0.75–1.15 倍）："
        "它只转换 LeNet 的两个全连接层，仅占计算量的 3%，卷积层仍是 fp32。",
    },
    "lesson.attention.title": {"en": "👁️ Attention analysis", "zh": "👁️ 注意力分析"},
    "lesson.attention.text": {
        "en": "A transformer cuts the digit into 4×4-pixel patches (a 7×7 grid) and lets a "
        "special class token “attend” to them: in each layer and head it takes a weighted "
        "average of the patches, and the weights show where it reads from. The heads of one "
        "layer can look at different places, so their mean hides what each one does; the "
        "rollout combines the layers up to the one shown.",
        "zh": "Transformer 把数字切成 4×4 像素的图块（7×7 的网格），并让一个特殊的分类词元去“关注”它们：在每一层、"
        "每个注意力头中，它都对图块取加权平均，权重表明它从哪里读取信息。同一层的各个头可能看向不同的地方，所以它们的"
        "平均会掩盖每个头各自的做法；rollout 则把截至当前层的各层结合起来。",
    },
    "lesson.attention.try": {
        "en": "move **Layer** from 0 to 3 with the mean of heads: layer 0 peaks on a few patches, "
        "layer 3 is flatter but still traces the stroke. Then pick a single **Head** in layer "
        "3: it is sharper than the mean, and each head peaks somewhere else.",
        "zh": "在“各头平均”下把**层**从 0 移到 3：第 0 层集中在少数几个图块上，第 3 层更平坦，但仍沿着笔画分布。然后在"
        "第 3 层选一个单独的**注意力头**：它比平均图更集中，而且每个头的峰值都在不同的地方。",
    },
    "lesson.attention.step1": {
        "en": "Look at “class token → patches” in layer 0, with **Head** on the mean of heads.",
        "zh": "查看第 0 层的“分类词元 → 图块”，**注意力头**选“各头平均”。",
    },
    "lesson.attention.step1.see": {
        "en": "The class token's attention peaks on a few patches: the strongest gets 4.7 times "
        "the mean. About half of it (51 %) falls on the third of the patches (33 %) that are at "
        "least half inked.",
        "zh": "分类词元的注意力集中在少数几个图块上：最强的图块得到平均值的 4.7 倍。约一半的注意力（51%）落在至少一半有"
        "墨迹的那三分之一图块（33%）上。",
    },
    "lesson.attention.step2": {
        "en": "Move **Layer** to 3.",
        "zh": "把**层**移到 3。",
    },
    "lesson.attention.step2.see": {
        "en": "The mean map is flatter, with its peak down to 2.6 times the mean, but it is not "
        "spread evenly: it traces the whole stroke of the 2, with 53 % of the attention on that "
        "same third of the patches.",
        "zh": "平均图更平坦了，峰值降到平均值的 2.6 倍，但并没有均匀铺开：它沿着整个“2”字的笔画分布，53% 的注意力仍落"
        "在同样那三分之一的图块上。",
    },
    "lesson.attention.step3": {
        "en": "Choose **Head** 0 (still layer 3), then look at the four head panels.",
        "zh": "选择第 0 个**注意力头**（仍是第 3 层），再看四个头各自的面板。",
    },
    "lesson.attention.step3.see": {
        "en": "Head 0 alone is much sharper: its peak is 7.1 times the mean, against 2.6 for the "
        "mean of heads. Each of the four heads peaks on a different patch, and averaging heads "
        "that look at different places is what flattens the mean.",
        "zh": "单看第 0 个头要集中得多：峰值是平均值的 7.1 倍，而各头平均只有 2.6 倍。四个头的峰值各落在不同的图块上；"
        "正是把看向不同地方的头平均起来，才让平均图变得平坦。",
    },
    "lesson.gradients.title": {"en": "📈 Gradient visualisation", "zh": "📈 梯度可视化"},
    "lesson.gradients.text": {
        "en": "The gradient of the class score with respect to each pixel says how much a tiny "
        "change of that pixel would change the score: a saliency map. SmoothGrad averages the "
        "gradients of noisy copies of the input, which smooths the map. Integrated Gradients "
        "adds gradients up along a path from a blank image (no ink) to the digit and multiplies "
        "them by each pixel's ink, so it can only credit pixels that hold some.",
        "zh": "类别得分对每个像素的梯度，表示这个像素的微小变化会让得分改变多少：这就是显著性图。SmoothGrad 对加了噪声"
        "的多份输入的梯度取平均，让图变得平滑。积分梯度沿着从空白图像（没有墨迹）到这个数字的路径把梯度累加起来，再乘以"
        "每个像素的墨迹量，所以只有带墨迹的像素才能得到功劳。",
    },
    "lesson.gradients.try": {
        "en": "compare **Saliency** with **SmoothGrad**: the averaged map is smoother, yet "
        "neither stays on the strokes, even with more noise. Then look at **Integrated "
        "Gradients**, which sits on the ink, and change **Explain the class** to 5 to see this "
        "digit's ink argue against a 5.",
        "zh": "比较**显著性图**与 **SmoothGrad**：平均后的图更平滑，但两者都不落在笔画上，加大噪声也一样。再看**积分梯度**，"
        "它落在墨迹上；然后把**解释的类别**改成 5，看看这个数字的墨迹如何反对“5”。",
    },
    "lesson.gradients.step1": {
        "en": "Compare the maps of **Saliency (gradient)** and **SmoothGrad**.",
        "zh": "比较**显著性图（梯度）**和 **SmoothGrad** 的热力图。",
    },
    "lesson.gradients.step1.see": {
        "en": "SmoothGrad's map is smoother: it changes about a quarter less from pixel to pixel "
        "(×0.76 of Saliency's). But neither follows the strokes: only 40 % of either map lies on "
        "the ink pixels, which make up 30 % of the image. A gradient also marks blank pixels "
        "where adding ink would change the score.",
        "zh": "SmoothGrad 的图更平滑：相邻像素之间的变化少了约四分之一（是显著性图的 ×0.76）。但两者都没有沿着笔画分布："
        "每张图只有 40% 落在墨迹像素上，而墨迹像素占整张图的 30%。梯度也会标出空白像素——在那里添上墨迹同样会改变得分。",
    },
    "lesson.gradients.step2": {
        "en": "Open **Method parameters** and raise SmoothGrad's **Noise (std)** from 0.2 to 1.0.",
        "zh": "打开**方法参数**，把 SmoothGrad 的**噪声（标准差）**从 0.2 调到 1.0。",
    },
    "lesson.gradients.step2.see": {
        "en": "More noise, smoother map: its pixel-to-pixel change falls to ×0.56 of Saliency's. "
        "It still does not move onto the strokes (38 % on the ink): averaging smooths the "
        "gradient but does not change what a gradient measures.",
        "zh": "噪声越大，图越平滑：相邻像素之间的变化降到显著性图的 ×0.56。但它仍然没有移到笔画上（落在墨迹上的只有 "
        "38%）：取平均能让梯度变平滑，却改变不了梯度衡量的东西。",
    },
    "lesson.gradients.step3": {
        "en": "Look at the **Integrated Gradients** map.",
        "zh": "查看**积分梯度**的热力图。",
    },
    "lesson.gradients.step3.see": {
        "en": "78 % of it lies on the ink pixels. Pixels without any ink equal the blank "
        "baseline and get exactly nothing: Integrated Gradients asks which ink mattered, the "
        "gradient asks where ink would matter.",
        "zh": "它有 78% 落在墨迹像素上。完全没有墨迹的像素与空白基线相同，得到的归因恰好为零：积分梯度问的是“哪些墨迹起了"
        "作用”，梯度问的是“哪里的墨迹会起作用”。",
    },
    "lesson.gradients.step4": {
        "en": "Change **Explain the class** from the predicted class to 5 (keep **Signed** on).",
        "zh": "把**解释的类别**从预测的类别改为 5（保持**带符号**开启）。",
    },
    "lesson.gradients.step4.see": {
        "en": "The Integrated Gradients map turns mostly blue: only 28 % of it argues for a 5 "
        "(red), against 66 % for the 2 the model predicts. The red pixels that remain are those "
        "that would argue for a 5.",
        "zh": "积分梯度的图大部分变成了蓝色：只有 28% 支持“5”（红色），而解释模型预测的“2”时这一比例是 66%。剩下的红色"
        "像素就是会支持“5”的那些像素。",
    },
    "lesson.local_explanations.title": {"en": "🧪 Local explanations", "zh": "🧪 局部解释"},
    "lesson.local_explanations.text": {
        "en": "Local explanations need no gradients: they hide parts of one input and watch how "
        "the prediction changes. Occlusion slides a blank (ink-free) window over the image; LIME "
        "and Kernel SHAP switch random sets of 4×4 patches off and fit a simple model to the "
        "answers, so their maps depend on the random samples drawn. They explain this one "
        "prediction, not the model as a whole.",
        "zh": "局部解释不需要梯度：它们把某个输入的部分区域遮住，观察预测如何变化。遮挡法让一个空白（没有墨迹）的窗口在图上"
        "滑动；LIME 和 Kernel SHAP 随机关闭若干 4×4 的图块，再用一个简单模型去拟合结果，所以它们的图取决于抽到的随机"
        "样本。它们解释的是这一次预测，而不是整个模型。",
    },
    "lesson.local_explanations.try": {
        "en": "open **Method parameters**, read the cost under LIME's map and change the random "
        "seed in the sidebar: at 200 samples the map moves. Raise LIME's **Samples** to 1000: "
        "five times the forward passes, and a steadier map. Then see in “How much the methods "
        "agree” which methods point to the same pixels.",
        "zh": "打开**方法参数**，查看 LIME 图下方的开销，并在侧边栏更改随机种子：在 200 个样本时，图会跟着变。把 LIME 的"
        "**样本数**提高到 1000：前向次数变为五倍，图也更稳定。然后在“各方法之间的一致程度”中看看哪些方法指向相同的像素。",
    },
    "lesson.local_explanations.step1": {
        "en": "Open **Method parameters** (LIME: 200 samples) and read the cost under LIME's map. "
        "Then set the **Random seed** in the sidebar from 0 to 1 and back.",
        "zh": "打开**方法参数**（LIME：200 个样本），查看 LIME 图下方的开销。然后把侧边栏的**随机种子**从 0 改为 1，"
        "再改回来。",
    },
    "lesson.local_explanations.step1.see": {
        "en": "The cost reads 200 forward / 0 backward: one pass through the model per sample, "
        "however they are batched, and no gradients. With another seed LIME draws other samples "
        "and its map visibly changes: the two maps differ by about 31 % of their total weight.",
        "zh": "开销显示 200 次前向 / 0 次反向：每个样本经过模型一次（不论如何分批），而且不需要梯度。换一个种子，LIME 就会"
        "抽到别的样本，图也明显改变：两张图之间的差异约占其总量的 31%。",
    },
    "lesson.local_explanations.step2": {
        "en": "Raise LIME's **Samples** to 1000, and switch the seed from 0 to 1 and back again.",
        "zh": "把 LIME 的**样本数**提高到 1000，再把种子从 0 改为 1 并改回来。",
    },
    "lesson.local_explanations.step2.see": {
        "en": "The cost shows 1,000 forward passes, five times as many, and the map is steadier: "
        "a new seed now changes it by about 13 % instead of 31 %. The noise of an estimate from "
        "samples shrinks with their square root (1/√5 ≈ 0.45).",
        "zh": "开销显示 1,000 次前向，是原来的五倍，图也更稳定了：换种子后的变化从约 31% 降到约 13%。由样本得出的估计，"
        "其噪声随样本数的平方根减小（1/√5 ≈ 0.45）。",
    },
    "lesson.local_explanations.step3": {
        "en": "Scroll to “How much the methods agree” (the lesson shows the top-10 % pixel "
        "overlap).",
        "zh": "向下滚动到“各方法之间的一致程度”（本课显示的是前 10% 像素重合度）。",
    },
    "lesson.local_explanations.step3.see": {
        "en": "LIME and Kernel SHAP, which switch the same 4×4 patches on and off, share most of "
        "their top 10 % pixels (95 %). Occlusion shares only about 40 % with either: its 6-pixel "
        "window slides across the patch borders, so it ranks other pixels first.",
        "zh": "LIME 和 Kernel SHAP 开关的是同一批 4×4 图块，它们前 10% 的像素大部分相同（95%）。遮挡法与两者都只有约 40% "
        "重合：它 6 像素的窗口会跨过图块边界滑动，所以排在前面的是另一些像素。",
    },
    "measure.attention_peak": {
        "en": "class token's peak attention vs its mean",
        "zh": "分类词元注意力的峰值（相对平均值）",
    },
    "measure.attention_on_ink": {
        "en": "class token's attention on inked patches",
        "zh": "分类词元落在有墨迹图块上的注意力",
    },
    "measure.ink_patches": {
        "en": "patches at least half inked",
        "zh": "至少一半有墨迹的图块占比",
    },
    "measure.head_peaks": {
        "en": "different patches the heads peak on",
        "zh": "各注意力头峰值所在的不同图块数",
    },
    "measure.ink_share": {
        "en": "share of the {arg} map on ink pixels",
        "zh": "{arg} 热力图落在墨迹像素上的比例",
    },
    "measure.ink_pixels": {"en": "pixels holding ink", "zh": "有墨迹的像素占比"},
    "measure.roughness_vs_saliency": {
        "en": "pixel-to-pixel change of the {arg} map vs Saliency's",
        "zh": "{arg} 热力图相邻像素间的变化（相对显著性图）",
    },
    "measure.positive_share": {
        "en": "share of the {arg} map arguing for the class",
        "zh": "{arg} 热力图中支持该类别的比例",
    },
    "measure.forward_passes": {"en": "forward passes of {arg}", "zh": "{arg} 的前向次数"},
    "measure.seed_change": {
        "en": "change of the {arg} map with the next seed",
        "zh": "换用下一个种子后 {arg} 热力图的变化",
    },
    "measure.top_overlap": {
        "en": "top-10 % pixel overlap of {arg}",
        "zh": "{arg} 的前 10% 像素重合度",
    },
    "lesson.feature_fusion.title": {"en": "🧷 Feature fusion", "zh": "🧷 特征融合"},
    "lesson.feature_fusion.text": {
        "en": "Feature fusion encodes each modality on its own — here a picture of a digit and "
        "the same digit spoken aloud — and joins the two feature vectors before one classifier. "
        "Trained on pairs at one noise level, that classifier learns to use both inputs and beats "
        "either one alone there; but it never learned to ignore a useless input, so speech far "
        "noisier than in training, or no speech at all, drags it below the image-only model.",
        "zh": "特征融合先分别对每种模态编码——这里是一张数字图片和读出同一个数字的语音——再把两个特征向量拼接起来送入"
        "同一个分类器。在同一种噪声水平的样本上训练后，这个分类器学会了同时利用两个输入，在这种噪声下胜过任何单一模态；"
        "但它从没学过忽略没用的输入，所以语音一旦比训练时嘈杂得多，或者干脆没有，它反而不如只看图像的模型。",
    },
    "lesson.feature_fusion.try": {
        "en": "lower **Speech SNR (dB)** from −10 to −14 and then −20, then set **Drop a "
        "modality** to “no speech”, and each time compare Feature concatenation with Image only "
        "and Speech only in the bars at the top.",
        "zh": "把**语音信噪比（dB）**从 −10 依次降到 −14 和 −20，再把**去掉一个模态**设为“无语音”，每次都在顶部的"
        "柱状图中比较特征拼接与仅图像、仅语音模型。",
    },
    "lesson.feature_fusion.step1": {
        "en": "Look at the bars at the top: image σ 1.3 and speech at −10 dB, the noise the "
        "models were trained with.",
        "zh": "先看顶部的柱状图：图像 σ 为 1.3、语音为 −10 dB，也就是模型训练时的噪声。",
    },
    "lesson.feature_fusion.step1.see": {
        "en": "Feature concatenation gets about 92 % of the 450 test pairs right, far above Image "
        "only (75 %) and Speech only (76 %): with both inputs as noisy as in training, each one "
        "makes up for the other's mistakes.",
        "zh": "特征拼接答对 450 个测试样本中的约 92%，远高于仅图像（75%）和仅语音（76%）：两个输入都和训练时一样嘈杂时，"
        "它们能互相弥补对方的错误。",
    },
    "lesson.feature_fusion.step2": {
        "en": "Lower **Speech SNR (dB)** to −14.",
        "zh": "把**语音信噪比（dB）**降到 −14。",
    },
    "lesson.feature_fusion.step2.see": {
        "en": "Speech alone drops to about 36 % and concatenation to about 67 %: still far above "
        "the speech, but now below the image-only model (75 %), which never listens. Fusion has "
        "stopped paying off.",
        "zh": "仅语音降到约 36%，特征拼接降到约 67%：仍远高于仅语音，但已经低于根本不听语音的仅图像模型（75%）。"
        "融合已经不划算了。",
    },
    "lesson.feature_fusion.step3": {
        "en": "Lower it to −20 dB, where the speech is almost pure noise.",
        "zh": "再降到 −20 dB，这时的语音几乎全是噪声。",
    },
    "lesson.feature_fusion.step3.see": {
        "en": "Speech only is at chance (about 10 %) and concatenation falls to about 31 %, less "
        "than half of what the image alone gets. Late fusion, which adds up the scores of two "
        "models trained apart, keeps more (about 48 %) but also stays far below the image alone.",
        "zh": "仅语音只剩随机水平（约 10%），特征拼接跌到约 31%，还不到仅图像的一半。晚期融合把两个分开训练的模型的"
        "得分相加，保住的多一些（约 48%），但同样远低于仅图像。",
    },
    "lesson.feature_fusion.step4": {
        "en": "Set **Speech SNR (dB)** back to −10 and **Drop a modality** to “no speech”.",
        "zh": "把**语音信噪比（dB）**调回 −10，并把**去掉一个模态**设为“无语音”。",
    },
    "lesson.feature_fusion.step4.see": {
        "en": "With zeros in place of the speech, concatenation gets only about 37 %, half of "
        "the image-only model's 75 %: it was never trained without speech. Late fusion keeps "
        "about 64 %.",
        "zh": "语音换成全零之后，特征拼接只答对约 37%，只有仅图像模型（75%）的一半：它从没在没有语音的情况下训练过。"
        "晚期融合还能保住约 64%。",
    },
    "lesson.deep_fusion.title": {"en": "🔀 Deep fusion", "zh": "🔀 深度融合"},
    "lesson.deep_fusion.text": {
        "en": "Deep fusion lets the modalities meet inside the network: with cross-attention each "
        "audio frame looks at image patches, and in gated fusion a learned gate mixes the image "
        "and speech features. Such weights are easy to show, but they are not importance: the "
        "image's Shapley share (its part of the prediction, found by running the model with and "
        "without each input) can move a lot while the gate stays where it was.",
        "zh": "深度融合让两种模态在网络内部相遇：通过交叉注意力，每个音频帧都会去看图像块；在门控融合中，一个学出来的"
        "门控按比例混合图像特征和语音特征。这些权重很容易展示，但并不等于重要性：图像的 Shapley 占比（让模型分别在有、"
        "无每个输入的情况下预测，由此算出预测中有多少来自图像）可以大幅变化，门控却停在原处。",
    },
    "lesson.deep_fusion.try": {
        "en": "in “Attention weights and gates are not importance”, compare Gated fusion's gate "
        "with the image share when the image is replaced by noise; then make the image clean "
        "(**Image noise σ** 0) and drown the speech (**Speech SNR** −20 dB).",
        "zh": "在“注意力权重和门控不等于重要性”中，比较图像换成噪声时门控融合的门控值与图像占比；然后让图像变干净"
        "（**图像噪声 σ** 设为 0），再让语音淹没在噪声里（**语音信噪比** −20 dB）。",
    },
    "lesson.deep_fusion.step1": {
        "en": "Scroll down to “Attention weights and gates are not importance” and compare “as "
        "is” with “image → noise” for Gated fusion.",
        "zh": "向下滚动到“注意力权重和门控不等于重要性”，比较门控融合在“原样”和“图像 → 噪声”两种情况下的数值。",
    },
    "lesson.deep_fusion.step1.see": {
        "en": "With the image replaced by noise of the same mean and spread, the gated model's "
        "accuracy falls from about 90 % to 57 % and the image's share of its predictions from "
        "40 % to 27 %. Its gate still gives the image 42 % of the weight, as before.",
        "zh": "图像换成均值和离散程度都相同的噪声后，门控模型的准确率从约 90% 降到 57%，图像在预测中的占比从 40% 降到 "
        "27%。可门控给图像的权重仍是 42%，和原来一样。",
    },
    "lesson.deep_fusion.step2": {
        "en": "Set **Image noise σ (pixels)** to 0: a clean image.",
        "zh": "把**图像噪声 σ（像素）**设为 0，也就是干净的图像。",
    },
    "lesson.deep_fusion.step2.see": {
        "en": "A clean image matters more: its share is now 45 %, and replacing it by noise "
        "takes it down to 14 % (accuracy 95 % → 57 %). The gate reads 42 % in both, as it did "
        "at σ 1.3: it hardly depends on what the image shows.",
        "zh": "干净的图像更重要：它的占比变成 45%，换成噪声后降到 14%（准确率从 95% 降到 57%）。门控在这两种情况下都是 42%，"
        "和 σ 为 1.3 时一样：它几乎不管图像里有什么。",
    },
    "lesson.deep_fusion.step3": {
        "en": "Lower **Speech SNR (dB)** to −20: the speech is almost pure noise.",
        "zh": "把**语音信噪比（dB）**降到 −20：语音几乎全是噪声。",
    },
    "lesson.deep_fusion.step3.see": {
        "en": "Now the predictions rest on the image: its share under “as is” rises to about "
        "62 %. The gate only moves from 42 % to 41 %, and the gated model gets just 30 % right, "
        "while the image-only model still reads 94 % of the same images (see the view “Noise & "
        "missing modality”).",
        "zh": "现在预测主要靠图像：“原样”下图像的占比升到约 62%。门控只从 42% 变成 41%，门控模型只答对 30%，"
        "而仅图像模型在同样的图像上仍能认对 94%（见“噪声与缺失模态”视图）。",
    },
    "lesson.graph_fusion.title": {"en": "🕸️ Graph fusion", "zh": "🕸️ 图融合"},
    "lesson.graph_fusion.text": {
        "en": "Graph fusion makes every image patch and every audio frame a node of one graph, "
        "and a graph attention network passes messages along its edges, within each modality "
        "and across. Its attention weights say how the messages are mixed, not which input "
        "decides: when the image and the speech disagree, the prediction may follow either one "
        "while the attention paid to the image hardly changes.",
        "zh": "图融合把每个图像块和每个音频帧都当作同一张图上的节点，由图注意力网络沿着边在模态内部和模态之间传递消息。"
        "注意力权重说明的是消息如何混合，而不是由哪个输入来决定：图像和语音矛盾时，预测可能跟随任何一方，而分给图像的"
        "注意力几乎不变。",
    },
    "lesson.graph_fusion.try": {
        "en": "in the view “One pair”, play test pair 7 (an image of a 4) with a spoken 7 and "
        "then a spoken 9 under **Speech**, and see which digit Graph fusion predicts; then open "
        "the view **Attention** and compare how much attention goes to the image.",
        "zh": "在“单个样本”视图中，在**语音**里先给测试样本 7（一张 4 的图像）配上读出的 7，再换成读出的 9，看看图融合"
        "预测哪个数字；然后打开**注意力**视图，比较有多少注意力分给了图像。",
    },
    "lesson.graph_fusion.step1": {
        "en": "Look at “What every strategy predicts” for test pair 7: an image of a 4 with its "
        "own speech.",
        "zh": "查看测试样本 7（一张 4 的图像，配它自己的语音）的“每种策略的预测”。",
    },
    "lesson.graph_fusion.step1.see": {
        "en": "Image only reads the 4 (98 %), and so does Graph fusion (GAT), at over 99 %.",
        "zh": "仅图像模型认出了 4（98%），图融合（GAT）也认出了，概率超过 99%。",
    },
    "lesson.graph_fusion.step2": {
        "en": "Under **Speech**, choose clip 16: “7”.",
        "zh": "在**语音**中选择片段 16：“7”。",
    },
    "lesson.graph_fusion.step2.see": {
        "en": "Now the image says 4 and the speech says 7. The graph model answers 7 (85 %) and "
        "gives the 4 almost nothing: this time it follows the speech.",
        "zh": "现在图像是 4，语音是 7。图模型回答 7（85%），几乎不给 4 任何概率：这一次它跟随的是语音。",
    },
    "lesson.graph_fusion.step3": {
        "en": "Choose clip 20: “9” instead.",
        "zh": "改选片段 20：“9”。",
    },
    "lesson.graph_fusion.step3.see": {
        "en": "With a spoken 9 it answers 4 (93 %): now it follows the image. Pairing each of the "
        "450 test images with every stored clip of another digit, it follows the speech about "
        "40 % of the time, the image 21 %, and neither in the remaining 39 %.",
        "zh": "配上读出的 9 时，它回答 4（93%）：这次它跟随的是图像。把 450 张测试图像分别配上每段读其他数字的录音来统计，"
        "它约 40% 的时候跟随语音，21% 跟随图像，其余 39% 两边都不跟。",
    },
    "lesson.graph_fusion.step4": {
        "en": "Open the view **Attention** and look at “Each frame's attention to the image” for "
        "Graph fusion (GAT); switch **Speech** between clip 16 and clip 20.",
        "zh": "打开**注意力**视图，查看图融合（GAT）的“每个音频帧对图像的注意力”；在**语音**中来回切换片段 16 和片段 20。",
    },
    "lesson.graph_fusion.step4.see": {
        "en": "In both cases the audio frames give the image about nine tenths of their "
        "attention: 92 % on average with the spoken 9 it ignored, even a little more (96 %) "
        "with the spoken 7 it followed. The attention does not show which modality decided.",
        "zh": "两种情况下，音频帧都把约九成注意力分给了图像：配上被它忽略的 9 时平均为 92%，配上被它采纳的 7 时反而还略高"
        "（96%）。注意力看不出是哪种模态做的决定。",
    },
    "measure.fuse_accuracy_image_only": {
        "en": "Image only: test accuracy",
        "zh": "仅图像：测试准确率",
    },
    "measure.fuse_accuracy_audio_only": {
        "en": "Speech only: test accuracy",
        "zh": "仅语音：测试准确率",
    },
    "measure.fuse_accuracy_concat": {
        "en": "Feature concatenation: test accuracy",
        "zh": "特征拼接：测试准确率",
    },
    "measure.fuse_accuracy_late": {
        "en": "Late fusion: test accuracy",
        "zh": "晚期融合：测试准确率",
    },
    "measure.gated_condition_accuracy": {
        "en": "Gated fusion: test accuracy ({arg})",
        "zh": "门控融合：测试准确率（{arg}）",
    },
    "measure.gate_image_weight": {
        "en": "Gated fusion: the gate's image weight ({arg})",
        "zh": "门控融合：门控给图像的权重（{arg}）",
    },
    "measure.gated_image_share": {
        "en": "Gated fusion: the image's Shapley share ({arg})",
        "zh": "门控融合：图像的 Shapley 占比（{arg}）",
    },
    "measure.gate_change": {
        "en": "Gated fusion: change of the gate's image weight from “as is” to {arg}",
        "zh": "门控融合：门控给图像的权重从“原样”到 {arg} 的变化",
    },
    "measure.gated_image_share_change": {
        "en": "Gated fusion: change of the image's Shapley share from “as is” to {arg}",
        "zh": "门控融合：图像的 Shapley 占比从“原样”到 {arg} 的变化",
    },
    "measure.image_only_p_image_digit": {
        "en": "Image only: probability of the image's digit",
        "zh": "仅图像：给图像中数字的概率",
    },
    "measure.graph_p_image_digit": {
        "en": "Graph fusion: probability of the image's digit",
        "zh": "图融合：给图像中数字的概率",
    },
    "measure.graph_p_speech_digit": {
        "en": "Graph fusion: probability of the spoken digit",
        "zh": "图融合：给语音中数字的概率",
    },
    "measure.graph_attention_to_image": {
        "en": "Graph fusion: audio frames' mean attention to the image",
        "zh": "图融合：音频帧对图像的平均注意力",
    },
    "measure.graph_conflict_image": {
        "en": "Graph fusion, image and speech of different digits: predicts the image's digit",
        "zh": "图融合，图像与语音数字不同时：预测为图像中的数字",
    },
    "measure.graph_conflict_speech": {
        "en": "Graph fusion, image and speech of different digits: predicts the spoken digit",
        "zh": "图融合，图像与语音数字不同时：预测为语音中的数字",
    },
    "measure.graph_conflict_neither": {
        "en": "Graph fusion, image and speech of different digits: predicts neither",
        "zh": "图融合，图像与语音数字不同时：两者都不是",
    },
    # --- report export -------------------------------------------------------------------------
    "report.download": {"en": "Download this view (HTML)", "zh": "下载当前视图（HTML）"},
    "report.download_help": {
        "en": "One HTML file with this page's figures (interactive, opens offline), tables, key "
        "numbers, the settings it shows and the share link. It is built when you click.",
        "zh": "一个 HTML 文件，包含本页的图表（可交互，离线可打开）、表格、关键数字、页面上显示的设置和分享链接。点击时才生成。",
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
    "chart.as_text": {"en": "This chart as a table", "zh": "以表格查看此图"},
    "chart.series": {"en": "series", "zh": "系列"},
    "chart.count": {"en": "count", "zh": "数量"},
    "report.backends": {
        "en": "Which backends run on this machine, and why not",
        "zh": "本机可用的后端，以及不可用的原因",
    },
    "report.on": {"en": "on", "zh": "开"},
    "report.off": {"en": "off", "zh": "关"},
    # --- lesson handout ----------------------------------------------------------------------
    "handout.download": {"en": "Lesson handout (HTML)", "zh": "课程讲义（HTML）"},
    "handout.download_help": {
        "en": "A printable handout of this lesson (A4 or Letter, opens offline): the lesson, its "
        "steps with a box for each prediction, what has been measured so far, this view's "
        "figures and the share link. It is built when you click.",
        "zh": "本课的可打印讲义（A4 或 Letter，离线可打开）：课程内容、每一步及填写预测的方框、目前已测得的结果、"
        "当前视图的图表和分享链接。点击时才生成。",
    },
    "handout.title": {"en": "ModelLens lesson: {title}", "zh": "ModelLens 课程：{title}"},
    "handout.meta": {
        "en": "{page} · {model} · step {step} of {n} reached",
        "zh": "{page} · {model} · 已进行到第 {step} 步，共 {n} 步",
    },
    "handout.meta_start": {
        "en": "{page} · {model} · {n} steps",
        "zh": "{page} · {model} · 共 {n} 步",
    },
    "handout.steps": {"en": "Steps: predict, then check", "zh": "步骤：先预测，再验证"},
    "handout.steps_intro": {
        "en": "For each step: do it on the page, write down what you expect before you look, "
        "then compare with what was measured.",
        "zh": "每一步：先在页面上操作，在查看结果之前写下你的预期，再与实测结果对比。",
    },
    "handout.step": {"en": "Step {n}", "zh": "第 {n} 步"},
    "handout.prediction": {"en": "My prediction:", "zh": "我的预测："},
    "handout.measured": {"en": "What we measured", "zh": "实测结果"},
    "handout.not_measured": {
        "en": "Not measured yet. In the lesson panel, go to this step and press “Check it: "
        "measure now”, then download the handout again.",
        "zh": "尚未测量。请在课程面板中进行到这一步并点击“验证一下：现在测量”，然后重新下载讲义。",
    },
    "handout.nothing_to_measure": {
        "en": "Nothing to measure in this step: look at the page.",
        "zh": "这一步没有需要测量的内容：请观察页面。",
    },
    "handout.holds": {"en": "✓ As expected: {line}", "zh": "✓ 与预期一致：{line}"},
    "handout.differs": {
        "en": "✗ Differs from the lesson: {line}",
        "zh": "✗ 与课程所说不同：{line}",
    },
    "handout.see": {"en": "You should see: {text}", "zh": "你应该看到：{text}"},
    "handout.try": {"en": "Try this: {text}", "zh": "试一试：{text}"},
    "handout.figures": {"en": "Figures of the current view", "zh": "当前视图的图表"},
    "handout.no_figures": {"en": "This view showed no figures.", "zh": "当前视图没有图表。"},
    "handout.link": {"en": "Share link", "zh": "分享链接"},
    "handout.link_help": {
        "en": "Open it while the ModelLens server runs to continue at this step.",
        "zh": "在 ModelLens 服务器运行时打开此链接，即可从这一步继续。",
    },
    "handout.footer": {
        "en": "Made {time} · torch {torch} · {threads} thread(s) · machine load {load} on "
        "{cores} cores",
        "zh": "生成于 {time} · torch {torch} · {threads} 个线程 · 机器负载 {load}（{cores} 个核心）",
    },
    # --- job queue ---------------------------------------------------------------------------
    "jobs.shared": {
        "en": "⏳ Another session is computing this very result right now; it appears here as soon "
        "as it is ready (computed once, shared by everyone)…",
        "zh": "⏳ 另一个会话正在计算完全相同的结果；结果一出来就会显示在这里（只计算一次，所有人共享）……",
    },
}
