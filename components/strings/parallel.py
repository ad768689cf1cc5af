"""Strings of the parallelism part of the Accelerate page (English and 简体中文 side by side)."""

PARALLEL: dict[str, dict[str, str]] = {
    "parallel.mode": {"en": "Kind of parallelism", "zh": "并行方式"},
    "parallel.mode.pipeline": {"en": "Pipeline parallel", "zh": "流水线并行"},
    "parallel.mode.model": {"en": "Model parallel", "zh": "模型并行"},
    "parallel.mode.data": {"en": "Data parallel (DDP)", "zh": "数据并行（DDP）"},
    "parallel.mode.pipeline.when": {
        "en": "Pipeline parallel cuts the batch into micro-batches so that the stages work at the same time on different micro-batches. It helps when a model is too big for one device and the batch is large; the price is the “bubble”, the time stages wait at the start and the end of each step.",
        "zh": "流水线并行把批次切成微批次，使各阶段同时处理不同的微批次。当模型太大、一个设备放不下且批次较大时它有帮助；代价是“气泡”，即每一步开始和结束时各阶段的等待时间。",
    },
    "parallel.mode.model.when": {
        "en": "Model parallel puts consecutive layers on different processes and passes activations along. It lets a model larger than one device's memory run at all, but on its own the stages run one after another: only one works at a time.",
        "zh": "模型并行把连续的层放在不同进程上，并依次传递激活值。它让超出单个设备内存的模型得以运行，但单独使用时各阶段依次执行：同一时刻只有一个阶段在工作。",
    },
    "parallel.mode.data.when": {
        "en": "Data parallel gives every process a full copy of the model and a share of the batch, then averages the gradients (all-reduce) so the copies stay identical. It helps when the model fits on one device and you want to train on more data per second. (nn.DataParallel is deprecated; DistributedDataParallel is shown.)",
        "zh": "数据并行让每个进程持有模型的完整副本并处理批次的一部分，然后对梯度求平均（all-reduce）使各副本保持一致。当模型能放进单个设备、而你希望每秒训练更多数据时它有帮助。（nn.DataParallel 已弃用；这里展示的是 DistributedDataParallel。）",
    },
    "parallel.processes": {"en": "Processes", "zh": "进程数"},
    "parallel.schedule": {"en": "Schedule", "zh": "调度"},
    "parallel.schedule.gpipe": {"en": "GPipe", "zh": "GPipe"},
    "parallel.schedule.1f1b": {"en": "1F1B", "zh": "1F1B（一前一后）"},
    "parallel.schedule.interleaved_1f1b": {"en": "Interleaved 1F1B", "zh": "交错式 1F1B"},
    "parallel.micro": {"en": "Micro-batches", "zh": "微批次数"},
    "parallel.batch": {"en": "Batch (images per step)", "zh": "批大小（每步图像数）"},
    "parallel.too_many_stages": {
        "en": "{stages} stages need at least {stages} layers, and this model has {layers}.",
        "zh": "{stages} 个阶段至少需要 {stages} 层，而该模型只有 {layers} 层。",
    },
    "parallel.splits": {
        "en": "Split points: the first layer of each later stage (pick {n})",
        "zh": "切分点：后续每个阶段的第一层（选择 {n} 个）",
    },
    "parallel.splits_placeholder": {"en": "balanced by FLOPs", "zh": "按 FLOPs 平衡"},
    "parallel.splits_help": {
        "en": "Leave it incomplete to use the split that balances FLOPs.",
        "zh": "未选满时使用平衡 FLOPs 的切分。",
    },
    "parallel.default_split": {
        "en": "Using the FLOPs-balanced split into {n} stages: new stages start at {layers}.",
        "zh": "使用按 FLOPs 平衡的 {n} 阶段切分：新阶段从 {layers} 开始。",
    },
    "parallel.balance": {"en": "How balanced are the stages?", "zh": "各阶段是否均衡？"},
    "parallel.flops_share": {"en": "share of FLOPs", "zh": "FLOPs 占比"},
    "parallel.params_share": {"en": "share of parameters", "zh": "参数占比"},
    "parallel.balance_caption": {
        "en": "FLOPs counted with torch.utils.flop_counter. The slowest stage sets the pace of the whole pipeline; “sent” is what a stage passes on per image.",
        "zh": "FLOPs 由 torch.utils.flop_counter 计数。最慢的阶段决定整条流水线的速度；“发送”是每张图像一个阶段向下游传递的数据量。",
    },
    "parallel.col.stage": {"en": "Stage", "zh": "阶段"},
    "parallel.col.layers": {"en": "Layers", "zh": "层"},
    "parallel.col.n_layers": {"en": "Layers (count)", "zh": "层数"},
    "parallel.col.params": {"en": "Parameters", "zh": "参数量"},
    "parallel.col.flops_per_sample": {"en": "FLOPs / image", "zh": "每张图像 FLOPs"},
    "parallel.col.flops_share": {"en": "FLOPs share", "zh": "FLOPs 占比"},
    "parallel.col.out_shape": {"en": "Output shape", "zh": "输出形状"},
    "parallel.col.sent_bytes_per_sample": {"en": "Sent bytes / image", "zh": "每张图像发送字节"},
    "parallel.run": {"en": "Run on local processes", "zh": "在本地进程上运行"},
    "parallel.press_run": {
        "en": "Starting the processes takes a few seconds; the result is then kept for everyone on this server.",
        "zh": "启动进程需要几秒钟；结果随后会保存在服务器上供所有人使用。",
    },
    "parallel.slots": {"en": "time slot (one forward)", "zh": "时间槽（一次前向）"},
    "parallel.ideal": {
        "en": "Ideal schedule (model: backward = 2 forwards, no communication) — bubble {bubble:.0%}",
        "zh": "理想调度（模型：反向 = 2 次前向，无通信）——气泡 {bubble:.0%}",
    },
    "parallel.measured": {
        "en": "Measured schedule — bubble {bubble:.0%}",
        "zh": "实测调度——气泡 {bubble:.0%}",
    },
    "parallel.step": {"en": "Training step", "zh": "训练步耗时"},
    "parallel.bubble": {"en": "Measured bubble", "zh": "实测气泡"},
    "parallel.bubble_formula": {
        "en": "ideal chart {ideal:.0%} · formula {expr} = {formula:.0%}",
        "zh": "理想调度图 {ideal:.0%} · 公式 {expr} = {formula:.0%}",
    },
    # The bubble formula; interleaved 1F1B shows its v = 2 model stages per process as "2m".
    "parallel.formula_expr": {"en": "(p−1)/(m+p−1)", "zh": "(p−1)/(m+p−1)"},
    "parallel.formula_expr_v": {"en": "(p−1)/({v}m+p−1)", "zh": "(p−1)/({v}m+p−1)"},
    "parallel.formula_not_applicable": {
        "en": "The formula {expr} does not hold here: it assumes at least as many micro-batches as processes, and interleaved 1F1B has m = {m} for p = {p}. torch then runs them all in one round: a micro-batch comes back to process 0 for its second stage only after passing all p processes, and fewer than p micro-batches cannot fill that wait. So the ideal schedule itself is idle {ideal:.0%} of the step, not {formula:.0%}: that gap comes from the schedule, not from communication. From m = p on the formula and the ideal chart agree.",
        "zh": "公式 {expr} 在这里不成立：它假设微批次数不少于进程数，而此处交错式 1F1B 在 p = {p} 时只有 m = {m}。torch 会在一轮中运行全部微批次：一个微批次要经过全部 p 个进程后才回到进程 0 执行它的第二个阶段，而少于 p 个微批次不足以填满这段等待。因此理想调度本身就有 {ideal:.0%} 的时间空闲，而不是 {formula:.0%}：这一差距来自调度本身，而不是通信。从 m = p 起，公式与理想调度图一致。",
    },
    "parallel.loss": {"en": "Loss", "zh": "损失"},
    "parallel.loss_diff": {
        "en": "|Δ| vs one process {diff:.1e}",
        "zh": "与单进程相差 {diff:.1e}",
    },
    "parallel.startup": {"en": "Process start-up", "zh": "进程启动耗时"},
    "parallel.total": {"en": "{seconds:.1f} s in all", "zh": "共 {seconds:.1f} 秒"},
    "parallel.matches": {
        "en": "Same result as the whole model in one process (max |Δ|: {diffs}).",
        "zh": "与单进程运行整个模型的结果一致（最大 |Δ|：{diffs}）。",
    },
    "parallel.differs": {
        "en": "The parallel result differs from one process beyond the tolerance (max |Δ|: {diffs}).",
        "zh": "并行结果与单进程结果的差异超出容差（最大 |Δ|：{diffs}）。",
    },
    # What each max |Δ| in parallel.matches / parallel.differs compares.
    "parallel.diff.output": {"en": "output", "zh": "输出"},
    "parallel.diff.grads": {"en": "gradients", "zh": "梯度"},
    "parallel.diff.sync": {"en": "gradients across processes", "zh": "各进程间梯度"},
    "parallel.diff.weights": {"en": "weights", "zh": "权重"},
    "parallel.diff_sep": {"en": ", ", "zh": "，"},
    "parallel.compute": {"en": "compute", "zh": "计算"},
    "parallel.p2p": {"en": "waiting for / sending activations", "zh": "等待 / 发送激活值"},
    "parallel.overhead": {"en": "schedule overhead", "zh": "调度开销"},
    "parallel.wait": {"en": "idle", "zh": "空闲"},
    "parallel.where_time": {"en": "Where each process's time went", "zh": "每个进程的时间花在哪里"},
    "parallel.formula": {"en": "formula {expr}", "zh": "公式 {expr}"},
    "parallel.ideal_points": {"en": "ideal schedule (chart)", "zh": "理想调度（图）"},
    "parallel.measured_points": {"en": "measured here", "zh": "本机实测"},
    "parallel.bubble_vs_m": {
        "en": "Bubble vs micro-batches (move the slider and run again)",
        "zh": "气泡与微批次数的关系（移动滑块后再次运行）",
    },
    "parallel.bubble_caption": {
        "en": "The formula {expr} (p processes, m micro-batches; interleaved 1F1B holds two model stages per process, hence 2m) and the ideal chart assume free communication, equal stages and a backward as long as two forwards; the ideal chart follows the exact order torch runs. Here each message between processes costs about a millisecond, as much as a small model's micro-batch computes: communication, unequal stages and the real cost of a backward are what separate the measured bubble from the ideal chart's. Pipelining pays off when each micro-batch has much more work than a message costs.",
        "zh": "公式 {expr}（p 个进程，m 个微批次；交错式 1F1B 每个进程有两个模型阶段，因此是 2m）和理想调度图都假设通信免费、各阶段相等、一次反向等于两次前向；理想调度图按 torch 实际执行的顺序绘制。这里进程之间每条消息约耗时 1 ms，和小模型一个微批次的计算量相当：通信、阶段不均以及反向的实际耗时，正是实测气泡与理想调度图之间差距的来源。只有当每个微批次的计算量远大于一次通信的开销时，流水线才划算。",
    },
    "parallel.pass": {"en": "Forward pass (all stages)", "zh": "前向计算（所有阶段）"},
    "parallel.single": {"en": "one process: {ms:.2f} ms", "zh": "单进程：{ms:.2f} ms"},
    "parallel.max_diff": {"en": "Max |Δ| vs one process", "zh": "与单进程的最大 |Δ|"},
    "parallel.mp_timeline": {
        "en": "Measured timeline: one stage works at a time",
        "zh": "实测时间线：同一时刻只有一个阶段在工作",
    },
    "parallel.mp_caption": {
        "en": "Only one stage works at a time: the others spend the step waiting, and every activation is sent across a process boundary (see “Where each process's time went”). Model parallel saves memory per process (each holds only its stages' weights), not time; it exists for models too large for one device. Pipelining (the other tab) makes the stages overlap.",
        "zh": "同一时间只有一个阶段在工作：其他阶段在这一步中都在等待，而且每个激活值都要跨进程发送（见“每个进程的时间花在哪里”）。模型并行节省的是每个进程的内存（每个进程只保存自己阶段的权重），而不是时间；它的意义在于运行单个设备放不下的模型。流水线并行（另一个选项卡）能让各阶段重叠执行。",
    },
    "parallel.dp_step": {"en": "Training step", "zh": "训练步耗时"},
    "parallel.allreduce": {"en": "All-reduce of gradients", "zh": "梯度 all-reduce"},
    "parallel.grad_sync": {"en": "Gradient difference between ranks", "zh": "各进程间梯度差异"},
    "parallel.dp_chart": {
        "en": "DDP on {world} processes, batch {batch}: time per step (step 0 builds the buckets)",
        "zh": "{world} 个进程上的 DDP，批大小 {batch}：每步耗时（第 0 步构建梯度桶）",
    },
    "parallel.step_no": {"en": "step", "zh": "步"},
    "parallel.dp_caption": {
        "en": "Each of the {world} processes trains on {half} images; after the backward pass their gradients are averaged, so every copy takes the same SGD step as one process on the whole batch (checked above). On one 2-core machine the processes share the cores; across machines each adds its own compute.",
        "zh": "{world} 个进程各自用 {half} 张图像训练；反向传播后对梯度求平均，所以每个副本执行的 SGD 更新都与单进程在整个批次上的更新相同（上方已验证）。在一台双核机器上各进程共享核心；跨机器时每台机器都会贡献自己的算力。",
    },
    "parallel.word.forward": {"en": "forward", "zh": "前向"},
    "parallel.word.backward": {"en": "backward", "zh": "反向"},
    "parallel.word.send": {"en": "send", "zh": "发送"},
    "parallel.word.recv": {"en": "receive", "zh": "接收"},
    "parallel.word.idle": {"en": "idle", "zh": "空闲"},
    "parallel.word.rank": {"en": "process", "zh": "进程"},
    "parallel.word.stage": {"en": "stage", "zh": "阶段"},
    "parallel.word.microbatch": {"en": "micro-batch", "zh": "微批次"},
    # --- errors from components.parallel -----------------------------------------------------
    "parallel.error.not_splittable": {
        "en": "{model} cannot be split into pipeline stages: its forward pass is not a chain of layers that each take the previous layer's output.",
        "zh": "{model} 无法切分为流水线阶段：它的前向计算不是一串逐层接收上一层输出的层。",
    },
    "parallel.error.not_splittable_text": {
        "en": "{model} is not split into stages here: each of its layers needs the attention mask besides the activations, and a sentence encoder has no class labels to train a pipeline step on.",
        "zh": "此处不对 {model} 做阶段切分：它的每一层除激活值外还需要注意力掩码，而且句子编码器没有可用于训练流水线步骤的类别标签。",
    },
    "parallel.error.needs_digits": {
        "en": "{model} does not classify digits: parallel runs feed digit images and train on their labels.",
        "zh": "{model} 不是数字分类模型：并行运行以数字图像为输入，并用其标签训练。",
    },
    "parallel.error.stage_count": {
        "en": "{stages} stages requested; choose between {low} and {high}.",
        "zh": "请求了 {stages} 个阶段；请选择 {low} 到 {high} 个。",
    },
    "parallel.error.split_points": {
        "en": "Invalid split points ({points}): they must be whole numbers, strictly increasing, between 1 and {last}, so that every stage keeps at least one layer.",
        "zh": "切分点（{points}）无效：必须是严格递增的整数，且位于 1 到 {last} 之间，使每个阶段至少包含一层。",
    },
    "parallel.error.unknown_schedule": {
        "en": "Unknown pipeline schedule “{schedule}”. Known schedules: {known}.",
        "zh": "未知的流水线调度“{schedule}”。可用的调度：{known}。",
    },
    "parallel.error.processes": {
        "en": "{processes} processes requested; choose between {low} and {high}.",
        "zh": "请求了 {processes} 个进程；请选择 {low} 到 {high} 个。",
    },
    "parallel.error.microbatches": {
        "en": "{microbatches} micro-batches requested; choose between {low} and {high}.",
        "zh": "请求了 {microbatches} 个微批次；请选择 {low} 到 {high} 个。",
    },
    "parallel.error.too_few_microbatches": {
        "en": "1F1B needs at least one micro-batch per process: {microbatches} micro-batches for {processes} processes are too few.",
        "zh": "1F1B 要求每个进程至少有一个微批次：{processes} 个进程只有 {microbatches} 个微批次，数量不足。",
    },
    "parallel.error.interleaved_microbatches": {
        "en": "Interleaved 1F1B cannot run {microbatches} micro-batches in equal rounds over {processes} processes; choose a multiple of {processes}.",
        "zh": "交错式 1F1B 无法把 {microbatches} 个微批次按相等的轮次分配到 {processes} 个进程上；请选择 {processes} 的倍数。",
    },
    "parallel.error.interleaved_stages": {
        "en": "This schedule puts {per_rank} stages on every process, so the number of stages must be a multiple of {per_rank}; {stages} is not.",
        "zh": "该调度在每个进程上放置 {per_rank} 个阶段，因此阶段数必须是 {per_rank} 的倍数；{stages} 不是。",
    },
    "parallel.error.batch": {
        "en": "A batch of {batch} does not fit: choose between {low} and {high} samples, a multiple of {multiple}.",
        "zh": "批大小 {batch} 不合适：请选择 {low} 到 {high} 之间、且为 {multiple} 的倍数的样本数。",
    },
    "parallel.error.steps": {
        "en": "{steps} training steps requested; choose between {low} and {high}.",
        "zh": "请求了 {steps} 个训练步；请选择 {low} 到 {high} 个。",
    },
    "parallel.error.timeout": {
        "en": "The parallel run did not finish within {seconds} s, so all its processes were stopped. The machine may be busy: try again, or allow more time.",
        "zh": "并行运行未在 {seconds} 秒内完成，已停止其全部进程。机器可能正忙：请重试，或放宽时间上限。",
    },
    "parallel.error.worker_failed": {
        "en": "Process {rank} of the parallel run failed ({error}); all processes were stopped.",
        "zh": "并行运行的进程 {rank} 出错（{error}）；已停止全部进程。",
    },
    "parallel.error.worker_died": {
        "en": "Process {rank} of the parallel run exited unexpectedly (exit code {code}); all processes were stopped. Its last output: {detail}",
        "zh": "并行运行的进程 {rank} 意外退出（退出码 {code}）；已停止全部进程。其最后输出：{detail}",
    },
}
