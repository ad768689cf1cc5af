"""Strings of the Accelerate page (English and 简体中文 side by side)."""

ACCELERATE: dict[str, dict[str, str]] = {
    "nav.accelerate": {"en": "Accelerate", "zh": "加速"},
    "accelerate.title": {"en": "⚡ Accelerate", "zh": "⚡ 加速"},
    "accelerate.intro": {
        "en": "Why did my model not get faster? Run {model} on several backends, batch sizes and thread counts, or split it across processes, and see measured answers from this server.",
        "zh": "为什么我的模型没有变快？在多种后端、批大小和线程数下运行 {model}，或把它拆分到多个进程上，看看本服务器实测给出的答案。",
    },
    "accelerate.view": {"en": "View", "zh": "视图"},
    "accelerate.view.backends": {"en": "🏎️ Backends", "zh": "🏎️ 后端"},
    "accelerate.view.threads": {"en": "🧵 Threads", "zh": "🧵 线程"},
    "accelerate.view.parallel": {"en": "🔀 Parallelism", "zh": "🔀 并行"},
    "accelerate.view.compressed": {"en": "🗜️ Compressed models", "zh": "🗜️ 压缩模型"},
    "accelerate.view.backends.intro": {
        "en": "The same model behind different inference backends. Each is built from a private copy, its outputs are checked against eager fp32, and all are timed in alternation so their ratios are fair on a busy machine.",
        "zh": "同一个模型在不同推理后端上运行。每个后端都由模型的私有副本构建，其输出与 eager fp32 比对，并交替计时，使在繁忙机器上的比值也公平。",
    },
    "accelerate.view.threads.intro": {
        "en": "More threads split each operation across cores. Small models often stop scaling early: the work per operation is too small to share, and threads wait for each other.",
        "zh": "更多线程会把每个运算分到多个核心上。小模型常常很早就不再加速：每个运算的工作量太小，不值得分摊，线程之间互相等待。",
    },
    "accelerate.view.parallel.intro": {
        "en": "Split the model into stages on separate local processes (model parallel), stream micro-batches through them (pipeline parallel), or copy it and split the batch (data parallel). All runs are real processes talking over torch.distributed (gloo).",
        "zh": "把模型切分成若干阶段放到不同的本地进程上（模型并行），让微批次流过这些阶段（流水线并行），或复制模型并切分批次（数据并行）。所有运行都是通过 torch.distributed（gloo）通信的真实进程。",
    },
    "accelerate.view.compressed.intro": {
        "en": "Does a compressed model run faster? Each variant is timed on each backend at the same batch size: channel removal shrinks the work, masked sparsity does not, and int8 depends on the backend.",
        "zh": "压缩后的模型会更快吗？每个变体都在每个后端上以相同批大小计时：移除通道会减少计算量，掩码稀疏不会，而 int8 取决于后端。",
    },
    # --- controls ----------------------------------------------------------------------------
    "accelerate.backends": {"en": "Backends to compare", "zh": "要比较的后端"},
    "accelerate.backends_help": {
        "en": "Eager fp32 is always measured: every speed-up is relative to it, in the same run.",
        "zh": "始终测量 eager fp32：所有加速比都是在同一次运行中相对它计算的。",
    },
    "accelerate.unavailable": {
        "en": "{n} backend(s) not available here — why",
        "zh": "本机有 {n} 个后端不可用——原因",
    },
    "accelerate.batch": {"en": "Batch size", "zh": "批大小"},
    "accelerate.batch_help": {
        "en": "Powers of two from 1 to 256; the charts measure every batch size up to this one.",
        "zh": "从 1 到 256 的 2 的幂；图表会测量不超过该值的每个批大小。",
    },
    "accelerate.threads": {"en": "CPU threads", "zh": "CPU 线程数"},
    "accelerate.seq": {"en": "Sequence length (tokens)", "zh": "序列长度（词元）"},
    "accelerate.memory": {
        "en": "Memory for this batch: about {need} (activations measured at batch 2, scaled; limit {limit}).",
        "zh": "该批次所需内存：约 {need}（按批大小 2 实测的激活量放大估算；上限 {limit}）。",
    },
    # --- preparing backends ------------------------------------------------------------------
    "accelerate.preparing_one": {"en": "Preparing {backend}…", "zh": "正在准备 {backend}……"},
    "accelerate.prepared": {"en": "{n} backend(s) ready", "zh": "{n} 个后端已就绪"},
    "accelerate.left_out": {
        "en": "{backend} is left out, the comparison uses the others (eager at least)",
        "zh": "{backend} 未参与比较，比较使用其余后端（至少有 eager）",
    },
    "accelerate.prepared_table": {
        "en": "Preparation cost and agreement with eager",
        "zh": "准备开销及与 eager 的一致性",
    },
    "accelerate.prepared_caption": {
        "en": "Preparation (copy, export or compile, first call) is paid once and is not part of the latency. Max |Δ| is the largest output difference from eager fp32 on the example batch; the tolerance is relative to the largest output norm.",
        "zh": "准备开销（复制、导出或编译、首次调用）只付一次，不计入延迟。最大 |Δ| 是在示例批次上与 eager fp32 输出的最大差值；容差相对于最大的输出范数。",
    },
    "accelerate.col.backend": {"en": "Backend", "zh": "后端"},
    "accelerate.col.prepare": {"en": "Preparation (s)", "zh": "准备时间（秒）"},
    "accelerate.col.diff": {"en": "Max |Δ| vs eager", "zh": "与 eager 的最大 |Δ|"},
    "accelerate.col.tolerance": {"en": "Tolerance", "zh": "容差"},
    "accelerate.col.matches": {"en": "Within tolerance", "zh": "在容差内"},
    "accelerate.col.notes": {"en": "Notes", "zh": "说明"},
    "accelerate.col.variant": {"en": "Model", "zh": "模型"},
    "accelerate.col.median": {"en": "Median (ms)", "zh": "中位数（ms）"},
    "accelerate.col.iqr": {"en": "IQR (ms)", "zh": "四分位距（ms）"},
    "accelerate.col.peak_precision": {"en": "Peak it is held to", "zh": "对照的峰值"},
    "accelerate.col.achieved": {
        "en": "Achieved GFLOP/s (GOP/s int8)",
        "zh": "实际 GFLOP/s（int8 为 GOP/s）",
    },
    "accelerate.col.peak": {"en": "Peak", "zh": "峰值"},
    "accelerate.col.share": {"en": "Share of peak", "zh": "占峰值比例"},
    # --- results -----------------------------------------------------------------------------
    "accelerate.ms": {"en": "{ms:.3g} ms ± {iqr:.2g}", "zh": "{ms:.3g} ms ± {iqr:.2g}"},
    "accelerate.vs_eager": {"en": "{x:.2f}× eager speed", "zh": "eager 速度的 {x:.2f} 倍"},
    "accelerate.measured": {
        "en": "Median over {runs}+ timed calls (± IQR), {threads} thread(s), batch {batch}; backends timed in alternation with torch.utils.benchmark.",
        "zh": "至少 {runs} 次计时调用的中位数（± 四分位距），{threads} 个线程，批大小 {batch}；各后端用 torch.utils.benchmark 交替计时。",
    },
    "accelerate.measured_text": {
        "en": "Median over {runs}+ timed calls (± IQR), {threads} thread(s), batch {batch}, {seq} tokens per sentence; backends timed in alternation with torch.utils.benchmark.",
        "zh": "至少 {runs} 次计时调用的中位数（± 四分位距），{threads} 个线程，批大小 {batch}，每句 {seq} 个词元；各后端用 torch.utils.benchmark 交替计时。",
    },
    # Under every cached timing (dashboard/widgets/measured.py), on Accelerate and Compress.
    "measured.when": {
        "en": "Measured at {when} · load {load:.1f} on {cores} cores",
        "zh": "测于 {when} · 负载 {load:.1f}（{cores} 个核心）",
    },
    "measured.others": {
        "en": " · other processes used {share:.0%} of the CPU time",
        "zh": " · 其他进程占用了 {share:.0%} 的 CPU 时间",
    },
    "measured.busy": {
        "en": ":orange-badge[⚠️ Busy] Other work shared the cores while this ran: these timings may be off. Re-measure when the machine is quieter.",
        "zh": ":orange-badge[⚠️ 繁忙] 测量时有其他任务占用 CPU 核心：这些计时可能不准。请在机器空闲些时重新测量。",
    },
    "measured.remeasure": {"en": "Re-measure", "zh": "重新测量"},
    "measured.remeasure_help": {
        "en": "Forget these timings on this server and measure them again now; everyone then sees the new numbers.",
        "zh": "在本服务器上丢弃这些计时并立即重新测量；之后所有人看到的都是新数据。",
    },
    "accelerate.failed_at": {
        "en": "{backend} failed during the measurement and is missing from the charts: {error}",
        "zh": "{backend} 在测量过程中失败，图表中没有它：{error}",
    },
    "accelerate.highlight_caption": {
        "en": "More than five backends: {names} stay in colour (eager, the reference, and the fastest here); the others are grey. Hover a line or click the legend to pick one out.",
        "zh": "后端超过五个：{names} 保持彩色（参考基线 eager 和这里最快的后端），其余为灰色。悬停在线上或点击图例可单独查看。",
    },
    "accelerate.chart.latency": {
        "en": "Latency per batch (median, IQR bars)",
        "zh": "每批延迟（中位数，误差条为四分位距）",
    },
    "accelerate.chart.throughput": {"en": "Throughput", "zh": "吞吐量"},
    "accelerate.chart.speedup": {"en": "Speed-up vs eager fp32", "zh": "相对 eager fp32 的加速比"},
    "accelerate.chart.gflops": {
        "en": "Achieved GFLOP/s vs this CPU's peak (same precision)",
        "zh": "实际 GFLOP/s 与本 CPU 同精度实测峰值对比",
    },
    "accelerate.chart.scaling": {
        "en": "Speed-up over 1 thread (batch {batch})",
        "zh": "相对 1 个线程的加速比（批大小 {batch}）",
    },
    "accelerate.chart.latency_threads": {
        "en": "Latency per thread count (batch {batch})",
        "zh": "不同线程数下的延迟（批大小 {batch}）",
    },
    "accelerate.chart.variants": {
        "en": "Latency of each model on each backend (batch {batch}, {threads} thread(s))",
        "zh": "各模型在各后端上的延迟（批大小 {batch}，{threads} 个线程）",
    },
    "accelerate.axis.ms": {"en": "ms per batch", "zh": "每批耗时（ms）"},
    "accelerate.axis.items": {"en": "items per second", "zh": "每秒样本数"},
    "accelerate.axis.speedup": {"en": "× eager", "zh": "× eager"},
    "accelerate.axis.scaling": {"en": "× 1 thread", "zh": "× 1 个线程"},
    "accelerate.ideal": {"en": "ideal (linear)", "zh": "理想（线性）"},
    "accelerate.peak_line": {
        "en": "measured {precision} peak ({gflops:.0f})",
        "zh": "实测 {precision} 峰值（{gflops:.0f}）",
    },
    "accelerate.gflops_caption": {
        "en": "Each backend is compared with the measured peak of its own precision: the fastest timed block of the kernel torch runs for nn.Linear in that type (int8: the dynamic-int8 Linear kernel), square sizes {low}–{high}, on {threads} thread(s), measured once per server (median and IQR in the environment panel). Model FLOPs come from torch.utils.flop_counter (GOP/s for int8). Bytes moved are not counted, so this is a share of the measured peak, not a true roofline.",
        "zh": "每个后端都与其自身精度的实测峰值比较：torch 在该类型下为 nn.Linear 运行的内核最快一组计时的吞吐量（int8 为动态 int8 Linear 内核），方阵大小 {low}–{high}，{threads} 个线程，每台服务器测量一次（中位数和四分位距见环境面板）。模型 FLOPs 来自 torch.utils.flop_counter（int8 为 GOP/s）。未计入内存搬运字节数，所以这是占实测峰值的比例，而非真正的屋顶线模型。",
    },
    "accelerate.gflops_int8": {
        "en": "Dynamic int8 mixes precisions: only its Linear layers ({share:.0%} of this model's FLOPs) run in int8, the rest (attention's matrix products, convolutions) stays fp32. Its ceiling is therefore the int8 and fp32 peaks combined by that split ({peak:.0f} GOP/s): the time each part would take at its own peak, added up.",
        "zh": "动态 int8 混合了多种精度：只有 Linear 层（占本模型 FLOPs 的 {share:.0%}）以 int8 运行，其余部分（注意力中的矩阵乘积、卷积）仍为 fp32。因此它的上限是按该比例组合 int8 与 fp32 峰值得到的（{peak:.0f} GOP/s）：即各部分按各自峰值运行所需时间之和。",
    },
    "accelerate.over_peak": {
        "en": "{backend} reached {share:.0%} of the measured {precision} peak at batch {batch}, more than timing noise explains (over {limit:.0%}). Distrust this point: the peak was measured once per server, perhaps while the server was busy, and a backend with its own kernels (ONNX Runtime's MLAS) can beat torch's.",
        "zh": "{backend} 在批大小 {batch} 时达到实测 {precision} 峰值的 {share:.0%}，超出了计时噪声所能解释的范围（超过 {limit:.0%}）。请不要相信这个点：峰值每台服务器只测一次，测量时服务器可能正忙；而且使用自有内核的后端（ONNX Runtime 的 MLAS）可能快过 torch 的内核。",
    },
    "accelerate.roofline_table": {
        "en": "Share of the peak of each backend's precision (batch {batch})",
        "zh": "各后端占其精度峰值的比例（批大小 {batch}）",
    },
    "accelerate.threads_caption": {
        "en": "Each thread count is measured in one run with every backend in alternation (batch {batch}); this machine has {cores} core(s). Other users of the server share these cores, so scaling here is a lower bound.",
        "zh": "每个线程数都在同一次运行中让所有后端交替测量（批大小 {batch}）；本机有 {cores} 个核心。服务器上的其他用户共享这些核心，因此这里的扩展性是下限。",
    },
    "accelerate.why_title": {
        "en": "Why some backends are not faster here",
        "zh": "为什么有些后端在这里没有更快",
    },
    "accelerate.why.compile": {
        "en": "torch.compile fuses operations and removes Python overhead; on a tiny model at small batches there is little to fuse, and guards plus graph switches cost more than they save.",
        "zh": "torch.compile 会融合运算并消除 Python 开销；小模型在小批次下可融合的很少，守卫检查和图切换的开销超过了节省。",
    },
    "accelerate.why.onnxruntime": {
        "en": "ONNX Runtime saves per-operator overhead, which matters at small batches; at large batches both call similar matrix kernels.",
        "zh": "ONNX Runtime 节省每个算子的调度开销，这在小批次时很重要；大批次时两者调用的矩阵内核相近。",
    },
    "accelerate.why.int8_dynamic": {
        "en": "Dynamic int8 only converts Linear layers and quantizes activations on every call; convolutions and attention stay fp32, so on a CNN or at small batches the conversions cost more than the int8 math saves.",
        "zh": "动态 int8 只转换 Linear 层，并在每次调用时量化激活；卷积和注意力仍为 fp32，所以在 CNN 上或小批次时，转换开销超过 int8 运算的节省。",
    },
    "accelerate.why.bf16": {
        "en": "bf16 halves memory traffic, but small layers are not limited by memory, and operations without native bf16 kernels convert to fp32 and back.",
        "zh": "bf16 使内存流量减半，但小层并不受内存限制，且没有原生 bf16 内核的运算要先转换为 fp32 再转换回来。",
    },
    "accelerate.why.fp16": {
        "en": "This CPU has no fp16 arithmetic: every fp16 operation is emulated through fp32 conversions.",
        "zh": "这颗 CPU 没有 fp16 运算单元：每个 fp16 运算都要通过与 fp32 的相互转换来模拟。",
    },
    "accelerate.why.cuda": {
        "en": "A GPU pays for launching kernels and copying inputs; a tiny model at a small batch cannot fill it.",
        "zh": "GPU 需要付出启动内核和复制输入的开销；小模型在小批次下无法让它满载。",
    },
    "accelerate.peaks_title": {
        "en": "What this CPU's measured peaks say about the speed-ups",
        "zh": "本 CPU 的实测峰值对加速比说明了什么",
    },
    "accelerate.peak_why": {
        "en": "the {precision} peak here is {ratio:.2g}× the fp32 peak ({peak:.0f} {unit} vs {fp32:.0f} GFLOP/s, measured): {cause}.",
        "zh": "本机 {precision} 峰值是 fp32 峰值的 {ratio:.2g} 倍（实测 {peak:.0f} {unit} 对 {fp32:.0f} GFLOP/s）：{cause}。",
    },
    "accelerate.why.mps": {
        "en": "A GPU pays for launching kernels and copying inputs; a tiny model at a small batch cannot fill it.",
        "zh": "GPU 需要付出启动内核和复制输入的开销；小模型在小批次下无法让它满载。",
    },
    # --- environment -------------------------------------------------------------------------
    "accelerate.environment": {
        "en": "🖥️ This machine: CPU, instruction sets and available backends",
        "zh": "🖥️ 本机：CPU、指令集和可用后端",
    },
    "accelerate.env.field": {"en": "Property", "zh": "属性"},
    "accelerate.env.value": {"en": "Value", "zh": "值"},
    "accelerate.env.available": {"en": "Available", "zh": "可用"},
    "accelerate.env.why": {"en": "Why not / note", "zh": "原因 / 说明"},
    "accelerate.env.torch_version": {"en": "torch version", "zh": "torch 版本"},
    "accelerate.env.onnxruntime_version": {"en": "ONNX Runtime version", "zh": "ONNX Runtime 版本"},
    "accelerate.env.python_version": {"en": "Python version", "zh": "Python 版本"},
    "accelerate.env.cpu_model": {"en": "CPU model", "zh": "CPU 型号"},
    "accelerate.env.cpu_capability": {"en": "torch CPU kernels", "zh": "torch CPU 内核"},
    "accelerate.env.logical_cores": {"en": "logical cores", "zh": "逻辑核心数"},
    "accelerate.env.usable_cores": {"en": "usable cores", "zh": "可用核心数"},
    "accelerate.env.torch_threads": {"en": "torch threads", "zh": "torch 线程数"},
    "accelerate.env.avx2": {"en": "AVX2", "zh": "AVX2"},
    "accelerate.env.avx512": {"en": "AVX-512", "zh": "AVX-512"},
    "accelerate.env.vnni": {"en": "int8 dot products (VNNI/AMX)", "zh": "int8 点积（VNNI/AMX）"},
    "accelerate.env.amx": {"en": "AMX", "zh": "AMX"},
    "accelerate.env.bf16_native": {"en": "native bf16", "zh": "原生 bf16"},
    "accelerate.env.fp16_native": {"en": "native fp16", "zh": "原生 fp16"},
    "accelerate.env.cuda": {"en": "CUDA", "zh": "CUDA"},
    "accelerate.env.mps": {"en": "Apple MPS", "zh": "Apple MPS"},
    "accelerate.env.gpu_name": {"en": "GPU", "zh": "GPU"},
    "accelerate.peaks": {
        "en": "Measured peak of each precision",
        "zh": "各精度的实测峰值",
    },
    "accelerate.peaks_caption": {
        "en": "The fastest of square sizes {low}–{high} (torch.utils.benchmark, {blocks} timed blocks per size, {threads} thread(s), measured once per server): median and IQR of that size's blocks, and its best block, the ceiling that shares of peak divide by (other users of the server only ever slow a kernel down). int8 is in GOP/s. An emulated precision has no arithmetic of its own on this CPU: it is widened to fp32 and back.",
        "zh": "方阵大小 {low}–{high} 中最快的一个（torch.utils.benchmark，每个大小 {blocks} 组计时，{threads} 个线程，每台服务器测量一次）：该大小各组计时的中位数和四分位距，以及其最快一组——峰值占比以它为分母（服务器上的其他用户只会让内核变慢）。int8 单位为 GOP/s。模拟精度在这颗 CPU 上没有自己的运算单元：要先扩展为 fp32 再转换回来。",
    },
    "accelerate.peak_col.precision": {"en": "Precision", "zh": "精度"},
    "accelerate.peak_col.kernel": {"en": "Kernel", "zh": "内核"},
    "accelerate.peak_col.threads": {"en": "Threads", "zh": "线程数"},
    "accelerate.peak_col.size": {"en": "Size (n×n)", "zh": "大小（n×n）"},
    "accelerate.peak_col.median": {"en": "Peak (median)", "zh": "峰值（中位数）"},
    "accelerate.peak_col.iqr": {"en": "IQR", "zh": "四分位距"},
    "accelerate.peak_col.best": {"en": "Best block (ceiling)", "zh": "最快一组（上限）"},
    "accelerate.peak_col.unit": {"en": "Unit", "zh": "单位"},
    "accelerate.peak_col.runs": {"en": "Timed blocks", "zh": "计时组数"},
    "accelerate.peak_col.emulated": {"en": "Emulated", "zh": "模拟"},
    "accelerate.peak_cause.amx": {
        "en": "AMX tiles multiply whole blocks of {precision} values per instruction",
        "zh": "AMX 矩阵块指令一次相乘整块 {precision} 数值",
    },
    "accelerate.peak_cause.avx512_bf16": {
        "en": "AVX512-BF16 dot-product instructions (two bf16 products per fp32 lane)",
        "zh": "AVX512-BF16 点积指令（每个 fp32 通道两个 bf16 乘积）",
    },
    "accelerate.peak_cause.fp16_native": {
        "en": "native fp16 arithmetic (AVX512-FP16 or AMX-FP16)",
        "zh": "原生 fp16 运算（AVX512-FP16 或 AMX-FP16）",
    },
    "accelerate.peak_cause.vnni": {
        "en": "VNNI int8 dot-product instructions (four int8 products per 32-bit lane)",
        "zh": "VNNI int8 点积指令（每个 32 位通道四个 int8 乘积）",
    },
    "accelerate.peak_cause.no_vnni": {
        "en": "no int8 dot-product instructions (VNNI or AMX): int8 products go through 16-bit steps",
        "zh": "没有 int8 点积指令（VNNI 或 AMX）：int8 乘积要经过 16 位的中间步骤",
    },
    "accelerate.peak_cause.emulated": {
        "en": "emulated: this CPU has no {precision} arithmetic, so values are widened to fp32 and back",
        "zh": "模拟：这颗 CPU 没有 {precision} 运算单元，数值要先扩展为 fp32 再转换回来",
    },
    "accelerate.peak_cause.fp32": {
        "en": "fp32 fused multiply-add units",
        "zh": "fp32 融合乘加单元",
    },
    # --- backends (from components.acceleration) ---------------------------------------------
    "accelerate.backend.eager": {"en": "eager fp32", "zh": "即时模式 fp32"},
    "accelerate.backend.compile": {"en": "torch.compile", "zh": "torch.compile"},
    "accelerate.backend.onnxruntime": {"en": "ONNX Runtime", "zh": "ONNX Runtime"},
    "accelerate.backend.int8_dynamic": {"en": "dynamic int8", "zh": "动态 int8"},
    "accelerate.backend.bf16": {"en": "bf16", "zh": "bf16"},
    "accelerate.backend.fp16": {"en": "fp16", "zh": "fp16"},
    "accelerate.backend.cuda": {"en": "CUDA GPU", "zh": "CUDA GPU"},
    "accelerate.backend.mps": {"en": "Apple GPU (MPS)", "zh": "Apple GPU（MPS）"},
    "accelerate.reason.compile_unsupported": {
        "en": "torch.compile does not support Python {python} in this torch build.",
        "zh": "此 torch 版本的 torch.compile 不支持 Python {python}。",
    },
    "accelerate.reason.no_cpp_compiler": {
        "en": "torch.compile needs a C++ compiler (g++ or clang++) to build CPU kernels, and none was found.",
        "zh": "torch.compile 需要 C++ 编译器（g++ 或 clang++）来生成 CPU 内核，但未找到。",
    },
    "accelerate.reason.onnx_missing": {
        "en": "ONNX export or ONNX Runtime is unavailable: {error}",
        "zh": "ONNX 导出或 ONNX Runtime 不可用：{error}",
    },
    "accelerate.reason.no_int8_engine": {
        "en": "This torch build has no int8 quantized engine (fbgemm, x86, onednn or qnnpack).",
        "zh": "此 torch 版本没有 int8 量化引擎（fbgemm、x86、onednn 或 qnnpack）。",
    },
    "accelerate.reason.no_linear": {
        "en": "Dynamic int8 converts nn.Linear layers only, and {model} has none.",
        "zh": "动态 int8 只转换 nn.Linear 层，而 {model} 没有这种层。",
    },
    "accelerate.reason.no_cuda": {
        "en": "No CUDA GPU: this torch ({torch}) was built without CUDA, or no GPU is visible.",
        "zh": "没有 CUDA GPU：当前 torch（{torch}）未编译 CUDA 支持，或看不到任何 GPU。",
    },
    "accelerate.reason.no_mps": {
        "en": "No Apple-silicon GPU (MPS) on this machine.",
        "zh": "本机没有 Apple 芯片 GPU（MPS）。",
    },
    "accelerate.note.bf16_emulated": {
        "en": "This CPU has no native bf16 arithmetic (AVX512-BF16 or AMX-BF16): every operation widens bf16 to fp32, so expect it to be slower than fp32.",
        "zh": "这颗 CPU 没有原生 bf16 运算（AVX512-BF16 或 AMX-BF16）：每次运算都要把 bf16 扩展为 fp32，预计会比 fp32 更慢。",
    },
    "accelerate.note.fp16_emulated": {
        "en": "This CPU has no native fp16 arithmetic (AVX512-FP16 or AMX-FP16): fp16 is emulated through fp32 conversions, so expect it to be slower than fp32.",
        "zh": "这颗 CPU 没有原生 fp16 运算（AVX512-FP16 或 AMX-FP16）：fp16 通过与 fp32 的相互转换来模拟，预计会比 fp32 更慢。",
    },
    "accelerate.note.compile_graphs": {
        "en": "torch.compile builds one graph per family of input shapes and per thread count: batch 1 gets its own graph (CNNs split again at batch 16), so the first call at a new batch size or thread count compiles again — see “first call”.",
        "zh": "torch.compile 按输入形状类别和线程数分别生成计算图：批大小 1 单独一张图（CNN 在批大小 16 处还会再分），因此在新的批大小或线程数下第一次调用会重新编译——见“首次调用”。",
    },
    "accelerate.note.ort_sessions": {
        "en": "ONNX Runtime fixes its thread count when a session opens, so each thread count gets its own session; the model is exported once with a dynamic batch axis (and sequence axis for text).",
        "zh": "ONNX Runtime 在创建会话时就固定线程数，因此每个线程数各用一个会话；模型只导出一次，批维度（文本还有序列维度）是动态的。",
    },
    "accelerate.error.unavailable": {
        "en": "{backend} is not available on this machine.",
        "zh": "{backend} 在本机不可用。",
    },
    "accelerate.error.prepare_failed": {
        "en": "Could not prepare {backend}: {reason}",
        "zh": "无法准备 {backend}：{reason}",
    },
    "accelerate.error.batch_range": {
        "en": "Batch size {value} is outside {low}–{high}.",
        "zh": "批大小 {value} 超出 {low}–{high} 的范围。",
    },
    "accelerate.error.seq_range": {
        "en": "Sequence length {value} is outside {low}–{high} tokens.",
        "zh": "序列长度 {value} 超出 {low}–{high} 个词元的范围。",
    },
    "accelerate.error.memory": {
        "en": "Batch {batch} × sequence length {seq_len} would need about {need} of memory, more than the {limit} this server allows one run; choose a smaller batch or a shorter sequence.",
        "zh": "批大小 {batch} × 序列长度 {seq_len} 约需 {need} 内存，超过本服务器允许单次运行使用的 {limit}；请减小批大小或缩短序列。",
    },
    # --- compressed models -------------------------------------------------------------------
    "accelerate.variant.channels": {
        "en": "50 % channels removed (+1 epoch fine-tuning)",
        "zh": "移除 50% 通道（+1 轮微调）",
    },
    "accelerate.variant.masked": {"en": "50 % weights masked", "zh": "掩码 50% 权重"},
    "accelerate.variant.int8": {"en": "dynamic int8 (torch.ao)", "zh": "动态 int8（torch.ao）"},
    "accelerate.variants_kept": {
        "en": "The {n} variant(s) you kept on the Compress page, next to the original.",
        "zh": "你在压缩页面保存的 {n} 个变体，与原始模型并列。",
    },
    "accelerate.variants_standard": {
        "en": "You kept no variant on the Compress page, so three standard ones are shown: keep your own there (📌) to see them here.",
        "zh": "你没有在压缩页面保存变体，因此这里展示三个标准变体：在压缩页面保存（📌）你自己的变体即可在此看到。",
    },
    "accelerate.variants_skipped": {
        "en": "Not applicable (the model is already converted, or has no layer the backend converts): {pairs}.",
        "zh": "不适用（模型已转换，或没有该后端可转换的层）：{pairs}。",
    },
    "accelerate.variants_caption": {
        "en": "Each model is timed on its backends in alternation (batch {batch}, {threads} thread(s)); models are measured one after another, so compare models with some care on a busy server. A backend that cannot run a variant (e.g. a torch.ao int8 model has no ONNX export) is left out with the reason above.",
        "zh": "每个模型在其各后端上交替计时（批大小 {batch}，{threads} 个线程）；不同模型是先后测量的，在繁忙的服务器上比较模型时请留意。无法运行某个变体的后端（例如 torch.ao int8 模型无法导出 ONNX）会被略过，原因见上文。",
    },
    # --- operator profile (issue #20) ---------------------------------------------------------
    "accelerate.view.profile": {"en": "🔬 Operator profile", "zh": "🔬 算子剖析"},
    "accelerate.view.profile.intro": {
        "en": "Where does the time go? torch.profiler (and ONNX Runtime's own profiler) records every operator of a few forward passes: its own time, grouped by kind of work, for the original on each backend and for each compressed variant. This answers “why is my pruned model not faster?” one level below the latency.",
        "zh": "时间都花在哪里？torch.profiler（以及 ONNX Runtime 自带的剖析器）记录几次前向传播中的每个算子：它自身的耗时，按工作类型分组，覆盖原始模型在各后端上的运行以及每个压缩变体。这在延迟之下更深一层回答“为什么剪枝后的模型没有变快？”。",
    },
    "profile.steps": {"en": "Profiled steps", "zh": "剖析步数"},
    "profile.steps_help": {
        "en": "Forward passes recorded after the warm-up (and as many timed without the profiler, for its overhead). More steps: steadier shares, a longer wait and a bigger trace.",
        "zh": "预热之后记录的前向传播次数（另有同样次数不开剖析器计时，用于测量其开销）。步数越多，占比越稳定，但等待更久、轨迹文件更大。",
    },
    "profile.with_variants": {"en": "Compressed variants too", "zh": "同时剖析压缩变体"},
    "profile.as_ms": {
        "en": "Milliseconds per step instead of shares",
        "zh": "显示每步 ms数而非占比",
    },
    "profile.chart": {
        "en": "Operator self time by family (batch {batch}, {threads} thread(s))",
        "zh": "按算子类别划分的自身耗时（批大小 {batch}，{threads} 个线程）",
    },
    "profile.axis.share": {"en": "share of operator self time", "zh": "占算子自身耗时的比例"},
    "profile.axis.ms": {"en": "ms per step", "zh": "每步 ms"},
    "profile.families_title": {"en": "Time by operator family", "zh": "按算子类别划分的耗时"},
    "profile.col.subject": {"en": "Profiled", "zh": "剖析对象"},
    "profile.col.family": {"en": "Family", "zh": "类别"},
    "profile.col.share": {"en": "Share", "zh": "占比"},
    "profile.col.ms": {"en": "ms / step", "zh": "ms/步"},
    "profile.col.calls": {"en": "Calls / step", "zh": "调用次数/步"},
    "profile.col.mean_us": {"en": "Mean µs / call", "zh": "平均 µs/次"},
    "profile.col.distorted": {"en": "Overhead-prone", "zh": "易受开销影响"},
    "profile.family.linear": {"en": "matmul / linear", "zh": "矩阵乘 / 线性层"},
    "profile.family.conv": {"en": "convolution", "zh": "卷积"},
    "profile.family.attention": {
        "en": "attention (scores, softmax)",
        "zh": "注意力（打分乘积、softmax）",
    },
    "profile.family.norm": {"en": "layer norm", "zh": "层归一化"},
    "profile.family.elementwise": {
        "en": "elementwise & pooling",
        "zh": "逐元素与池化",
    },
    "profile.family.quantize": {"en": "quantize / dequantize", "zh": "量化 / 反量化"},
    "profile.family.movement": {"en": "data movement", "zh": "数据搬运"},
    "profile.family.fused": {"en": "fused (compiled) kernels", "zh": "融合（编译）内核"},
    "profile.family.other": {"en": "other", "zh": "其他"},
    "profile.measured": {
        "en": "{subject}: {profiler}, {steps} steps after warm-up, {threads} thread(s), batch {batch}. Profiled {profiled:.2f} ms per step vs {plain:.2f} ms unprofiled (overhead {overhead:+.0%}, ≈ {per_call:.1f} µs per operator call); operators' self time covers {coverage:.0%} of a profiled step, the rest is Python and dispatch between them.",
        "zh": "{subject}：{profiler}，预热后 {steps} 步，{threads} 个线程，批大小 {batch}。剖析时每步 {profiled:.2f} ms，不剖析时 {plain:.2f} ms（开销 {overhead:+.0%}，每次算子调用约 {per_call:.1f}  µs）；算子自身耗时占剖析步的 {coverage:.0%}，其余是算子之间的 Python 与分派开销。",
    },
    "profile.distorted": {
        "en": "{subject}: the operators of {families} take on average less than three times the profiler's cost per call, so their share may be overstated.",
        "zh": "{subject}：{families} 中的算子平均耗时不到剖析器每次调用开销的三倍，因此其占比可能被高估。",
    },
    "profile.note.compiled_kernels": {
        "en": "torch.compile fuses operators into generated C++ kernels: the profiler sees them as one “fused (compiled) kernels” block (inside “Call CompiledFxGraph”), plus the library calls (matmuls, convolutions) the kernels make.",
        "zh": "torch.compile 会把算子融合成生成的 C++ 内核：剖析器把它们视为一个“融合（编译）内核”块（位于“Call CompiledFxGraph”内），另外还能看到内核调用的库函数（矩阵乘、卷积）。",
    },
    "profile.note.ort_nodes": {
        "en": "ONNX Runtime profiles its own graph after its optimisations: nodes are ONNX operators (MatMul, Gemm, Softmax …), and a MatMul with no weight input counts as attention.",
        "zh": "ONNX Runtime 剖析的是它优化之后的图：节点是 ONNX 算子（MatMul、Gemm、Softmax……），没有权重输入的 MatMul 计入注意力。",
    },
    "profile.details": {"en": "Operators, modules and trace", "zh": "算子、模块与轨迹"},
    "profile.subject": {"en": "Profile to inspect", "zh": "要查看的剖析结果"},
    "profile.operators_title": {"en": "Operators of {subject}", "zh": "{subject} 的算子"},
    "profile.modules_title": {"en": "Modules of {subject}", "zh": "{subject} 的模块"},
    "profile.op.operator": {"en": "Operator", "zh": "算子"},
    "profile.op.family": {"en": "Family", "zh": "类别"},
    "profile.op.shapes": {"en": "Input shapes", "zh": "输入形状"},
    "profile.op.quantized": {"en": "Quantized", "zh": "已量化"},
    "profile.op.calls": {"en": "Calls / step", "zh": "调用次数/步"},
    "profile.op.self_ms": {"en": "Self ms / step", "zh": "自身ms/步"},
    "profile.op.mean_us": {"en": "Mean µs / call", "zh": "平均 µs/次"},
    "profile.op.share": {"en": "Share", "zh": "占比"},
    "profile.mod.module": {"en": "Module", "zh": "模块"},
    "profile.mod.type": {"en": "Type", "zh": "类型"},
    "profile.mod.calls": {"en": "Operator calls / step", "zh": "算子调用次数/步"},
    "profile.mod.self_ms": {"en": "Self ms / step", "zh": "自身ms/步"},
    "profile.mod.share": {"en": "Share", "zh": "占比"},
    "profile.no_modules": {
        "en": "{profiler} cannot see modules here (a compiled graph or an ONNX session): only operators.",
        "zh": "{profiler} 在这里看不到模块（编译后的图或 ONNX 会话）：只有算子。",
    },
    "profile.trace": {"en": "Download the Chrome trace (JSON)", "zh": "下载 Chrome 轨迹（JSON）"},
    "profile.trace_help": {
        "en": "Open it in Perfetto (ui.perfetto.dev) or chrome://tracing to see every operator on a timeline.",
        "zh": "用 Perfetto（ui.perfetto.dev）或 chrome://tracing 打开，可在时间轴上看到每个算子。",
    },
    # --- lesson: operator profile --------------------------------------------------------------
    "lesson.llm_kv_cache.title": {"en": "🗝️ KV cache", "zh": "🗝️ KV 缓存"},
    "lesson.llm_kv_cache.text": {
        "en": "A language model writes one token at a time, and each new token attends to every "
        "token before it. Without a cache the model reruns the whole sequence for every new token; "
        "the KV cache keeps each token's keys and values, so a step runs one token only.",
        "zh": "语言模型一次写一个词元，每个新词元都要关注它之前的所有词元。没有缓存时，每生成一个词元模型都要把"
        "整段序列重算一遍；KV 缓存保存每个词元的键和值，于是每一步只需计算一个词元。",
    },
    "lesson.llm_kv_cache.try": {
        "en": "read the **KV-cache speed-up**, then slide **Longest generation** to 256 and watch "
        "“Time per generated token”.",
        "zh": "读出 **KV 缓存加速比**，再把**最长生成长度**调到 256，观察“每个生成词元的时间”。",
    },
    "lesson.llm_kv_cache.step1": {
        "en": "Read the **KV-cache speed-up** at 64 new tokens.",
        "zh": "读出生成 64 个新词元时的 **KV 缓存加速比**。",
    },
    "lesson.llm_kv_cache.step1.see": {
        "en": "Generating with the cache is faster (about 1.6–1.7× measured here), and the two "
        "outputs are identical token for token: the cache changes the cost, not the answer.",
        "zh": "开启缓存的生成更快（此处实测约 1.6–1.7 倍），且两种输出逐词元完全相同：缓存改变的是开销，不是答案。",
    },
    "lesson.llm_kv_cache.step2": {
        "en": "Slide **Longest generation** to 256 tokens.",
        "zh": "把**最长生成长度**调到 256 个词元。",
    },
    "lesson.llm_kv_cache.step2.see": {
        "en": "Without the cache the time per token grows with the length (each step reruns every "
        "token so far); with it the time stays nearly flat, so the speed-up grows (about 2× here).",
        "zh": "关闭缓存时每词元时间随长度增长（每一步都重算之前的所有词元）；开启缓存时基本不变，"
        "因此加速比随之增大（此处约 2 倍）。",
    },
    "lesson.llm_speculative.title": {"en": "🎯 Speculative decoding", "zh": "🎯 推测解码"},
    "lesson.llm_speculative.text": {
        "en": "A small draft model proposes a few tokens and the large model checks them all in one "
        "pass, keeping the longest prefix it agrees with. The output is exactly the large model's "
        "own; it pays off only when checking k tokens costs about as much as making one.",
        "zh": "由一个小的草稿模型先提议几个词元，大模型用一次前向计算把它们全部核对，保留与自己一致的最长前缀。"
        "输出与大模型自己生成的完全相同；只有当核对 k 个词元的开销与生成一个相当时才划算。",
    },
    "lesson.llm_speculative.try": {
        "en": "read the **Acceptance rate** and the ✅ under it, then set **Tokens the draft "
        "proposes per round** to 6.",
        "zh": "读出**接受率**和它下方的 ✅，再把**草稿模型每轮提议的词元数**设为 6。",
    },
    "lesson.llm_speculative.step1": {
        "en": "Read the **Acceptance rate** (2 tokens proposed per round) and check the ✅.",
        "zh": "读出**接受率**（每轮提议 2 个词元），并确认 ✅。",
    },
    "lesson.llm_speculative.step1.see": {
        "en": "Most proposed tokens are kept (about 45 % here) and the output equals the model's "
        "plain greedy output; yet the speed-up is below 1: at 1.6 M parameters a round's overhead "
        "costs more than the check pass saves.",
        "zh": "大部分提议的词元被保留（此处约 45%），输出与模型自己的贪心输出相同；但加速比小于 1："
        "在 160 万参数规模下，每轮的开销超过一次核对省下的时间。",
    },
    "lesson.llm_speculative.step2": {
        "en": "Set **Tokens the draft proposes per round** to 6.",
        "zh": "把**草稿模型每轮提议的词元数**设为 6。",
    },
    "lesson.llm_speculative.step2.see": {
        "en": "Acceptance falls (about 20 % here): the further ahead the draft guesses, the likelier "
        "one of its tokens differs from the large model's, and everything after it is thrown away.",
        "zh": "接受率下降（此处约 20%）：草稿猜得越远，其中某个词元与大模型不同的可能越大，而它之后的词元都要丢弃。",
    },
    "lesson.operator_profile.title": {"en": "🔬 Operator profile", "zh": "🔬 算子剖析"},
    "lesson.operator_profile.text": {
        "en": "Why is my pruned model not faster? Profile the Tiny ViT operator by operator. See where the time goes before and after 50 % channel pruning, and what an int8 model runs instead.",
        "zh": "为什么剪枝后的模型没有变快？逐个算子剖析 Tiny ViT。看看 50% 通道剪枝前后时间花在哪里，以及 int8 模型改为运行什么。",
    },
    "lesson.operator_profile.try": {
        "en": "compare the **attention** bar of the original with the pruned one.",
        "zh": "比较原始模型与剪枝模型的**注意力**条形。",
    },
    "lesson.operator_profile.step1": {
        "en": "Look at the original's bar (eager, batch 8, one thread).",
        "zh": "看原始模型的条形（eager，批大小 8，一个线程）。",
    },
    "lesson.operator_profile.step1.see": {
        "en": "Attention (score products and softmax) takes more than a quarter of the operator time, beside the linear layers' matmuls.",
        "zh": "注意力（打分乘积与 softmax）占算子时间的四分之一以上，与线性层的矩阵乘并列。",
    },
    "lesson.operator_profile.step2": {
        "en": "Compare it with the 50 % channel-pruned variant below it.",
        "zh": "将它与下方 50% 通道剪枝的变体比较。",
    },
    "lesson.operator_profile.step2.see": {
        "en": "The linear share falls clearly while attention keeps (or grows) its share: channel pruning makes the matmuls with weights smaller, but the attention work scales with heads × tokens².",
        "zh": "线性层的占比明显下降，而注意力的占比保持不变甚至上升：通道剪枝让带权重的矩阵乘变小，但注意力的计算量随注意力头数 × token 数² 增长。",
    },
    "lesson.operator_profile.step3": {
        "en": "Pick the int8 variant under “Profile to inspect”.",
        "zh": "在“要查看的剖析结果”中选择 int8 变体。",
    },
    "lesson.operator_profile.step3.see": {
        "en": "Its table lists quantized operators (quantized::linear_dynamic): the linear layers run in int8, attention stays in fp32.",
        "zh": "它的表格列出已量化的算子（quantized::linear_dynamic）：线性层以 int8 运行，注意力仍是 fp32。",
    },
    "measure.attention_share": {
        "en": "attention share of operator time (original)",
        "zh": "注意力占算子时间的比例（原始）",
    },
    "measure.linear_share": {
        "en": "matmul / linear share of operator time (original)",
        "zh": "矩阵乘 / 线性层占算子时间的比例（原始）",
    },
    "measure.pruned_attention_share": {
        "en": "attention share of operator time (50 % channels removed)",
        "zh": "注意力占算子时间的比例（移除 50% 通道）",
    },
    "measure.pruned_linear_share": {
        "en": "matmul / linear share of operator time (50 % channels removed)",
        "zh": "矩阵乘 / 线性层占算子时间的比例（移除 50% 通道）",
    },
    "measure.int8_quantized_ops": {
        "en": "quantized operator calls per step (int8 variant)",
        "zh": "每步已量化算子的调用次数（int8 变体）",
    },
    # --- the code GPT (dashboard/areas/accelerate/llm.py, llm_speculative.py) ----------------
    "accelerate.llm.intro": {
        "en": "How a language model is made fast: keep each past token's keys and values instead of recomputing them (the KV cache), and let a small draft model propose tokens that the model checks in one pass (speculative decoding). Everything below is measured on this server, the contenders timed in alternation.",
        "zh": "语言模型如何提速：保存每个已生成词元的键和值，而不是重新计算（KV 缓存）；以及让一个小的草稿模型提议词元，由原模型一次前向传播进行验证（投机解码）。下面的一切都在本服务器上实测，参与比较的各方交替计时。",
    },
    "accelerate.llm.prompt": {"en": "Prompt (Python code)", "zh": "提示（Python 代码）"},
    "accelerate.llm.prompt_tokens": {
        "en": "{n} prompt tokens.",
        "zh": "提示共 {n} 个词元。",
    },
    "accelerate.llm.prompt_empty": {
        "en": "The prompt is empty: type the start of some Python code, for example “def ”.",
        "zh": "提示为空：请输入一段 Python 代码的开头，例如“def ”。",
    },
    "accelerate.llm.prompt_too_long": {
        "en": "The prompt has {tokens} tokens, but with {new} new tokens it may have at most {limit} (the model knows 512 positions). Shorten the prompt or ask for fewer new tokens.",
        "zh": "提示有 {tokens} 个词元，但生成 {new} 个新词元时最多只能有 {limit} 个（模型只认识 512 个位置）。请缩短提示或减少新词元数。",
    },
    "accelerate.llm.threads": {"en": "CPU threads", "zh": "CPU 线程数"},
    "accelerate.llm.repeats": {"en": "Repeats per point", "zh": "每个点的重复次数"},
    "accelerate.llm.repeats_help": {
        "en": "Each point is timed this many times after one warm-up; the median and the interquartile range (IQR) are shown.",
        "zh": "每个点在一次预热后计时这么多次；显示中位数和四分位距（IQR）。",
    },
    # KV cache
    "accelerate.llm.kv_title": {
        "en": "KV cache: prompt processing and generation over the number of tokens",
        "zh": "KV 缓存：提示处理与生成速度随词元数的变化",
    },
    "accelerate.llm.kv_caption": {
        "en": "Without the cache, each new token runs the model over every token so far: the time per token grows with the length and the whole generation grows quadratically. With it, each step runs one token against the stored keys and values. Prompt processing (prefill) runs all its tokens in one pass.",
        "zh": "没有缓存时，每生成一个新词元都要在目前为止的全部词元上运行模型：每个词元的时间随长度增长，整个生成过程呈二次增长。有缓存时，每一步只对一个新词元计算，并使用已保存的键和值。提示处理（预填充）在一次前向传播中处理全部词元。",
    },
    "accelerate.llm.max_new": {
        "en": "Longest generation (new tokens)",
        "zh": "最长生成长度（新词元数）",
    },
    "accelerate.llm.max_new_help": {
        "en": "The sweep measures every length from 16 up to this one.",
        "zh": "扫描会测量从 16 到该值的每个长度。",
    },
    "accelerate.llm.batch": {"en": "Batch (sequences at once)", "zh": "批大小（同时生成的序列数）"},
    "accelerate.llm.mode.prefill": {
        "en": "Prompt processing (prefill)",
        "zh": "提示处理（预填充）",
    },
    "accelerate.llm.mode.cache": {"en": "Generation, KV cache on", "zh": "生成，开启 KV 缓存"},
    "accelerate.llm.mode.no_cache": {"en": "Generation, KV cache off", "zh": "生成，关闭 KV 缓存"},
    "accelerate.llm.chart.rate": {"en": "Tokens per second", "zh": "每秒词元数"},
    "accelerate.llm.chart.per_token": {
        "en": "Time per generated token (bars: IQR)",
        "zh": "每个生成词元的时间（误差线：四分位距）",
    },
    "accelerate.llm.axis.tokens": {
        "en": "Tokens (new, or in the prompt)",
        "zh": "词元数（新生成的，或提示中的）",
    },
    "accelerate.llm.axis.rate": {"en": "tokens/s (log)", "zh": "词元/秒（对数）"},
    "accelerate.llm.axis.ms": {
        "en": "ms per token (one sequence)",
        "zh": "每词元 ms（单条序列）",
    },
    "accelerate.llm.speedup": {
        "en": "KV-cache speed-up at {n} tokens",
        "zh": "{n} 个词元时 KV 缓存加速比",
    },
    "accelerate.llm.speedup_value": {"en": "{x:.2f}×", "zh": "{x:.2f}×"},
    "accelerate.llm.speedup_help": {
        "en": "Generation time without the cache over the time with it (medians, timed in alternation).",
        "zh": "关闭缓存的生成时间除以开启缓存的生成时间（中位数，交替计时）。",
    },
    "accelerate.llm.rate_value": {"en": "{rate:,.0f}", "zh": "{rate:,.0f}"},
    "accelerate.llm.metric.prefill": {"en": "Prefill, tokens/s", "zh": "预填充，词元/秒"},
    "accelerate.llm.metric.cache": {"en": "Cache on, tokens/s", "zh": "开启缓存，词元/秒"},
    "accelerate.llm.metric.no_cache": {"en": "Cache off, tokens/s", "zh": "关闭缓存，词元/秒"},
    "accelerate.llm.kv_measured": {
        "en": "Median of {runs} runs after a warm-up, IQR as the spread · prompt {prompt} tokens · batch {batch} · {threads} thread(s) · greedy, exactly n new tokens · eager PyTorch. Tokens/s counts every sequence of the batch. Prefill of n tokens is one forward pass over the first n tokens of the continuation.",
        "zh": "预热后 {runs} 次运行的中位数，四分位距表示离散程度 · 提示 {prompt} 个词元 · 批大小 {batch} · {threads} 个线程 · 贪心，恰好生成 n 个新词元 · eager PyTorch。每秒词元数计入批中的每条序列。n 个词元的预填充是对续写前 n 个词元的一次前向传播。",
    },
    "accelerate.llm.same_tokens": {
        "en": "✅ With and without the cache, the greedy outputs are identical token for token at every length (checked).",
        "zh": "✅ 开启与关闭缓存时，每个长度下的贪心输出都逐词元完全相同（已核对）。",
    },
    "accelerate.llm.not_same_tokens": {
        "en": "❌ With and without the cache, the greedy outputs differ at {lengths} new tokens.",
        "zh": "❌ 开启与关闭缓存时，在 {lengths} 个新词元处贪心输出不同。",
    },
    "accelerate.llm.growth": {
        "en": "Time per generated token from {low} to {high} tokens: without the cache {off_low:.2f} → {off_high:.2f} ms ({off_x:.1f}×), with it {on_low:.2f} → {on_high:.2f} ms ({on_x:.1f}×).",
        "zh": "从 {low} 到 {high} 个词元，每个生成词元的时间：关闭缓存 {off_low:.2f} → {off_high:.2f} ms（{off_x:.1f}×），开启缓存 {on_low:.2f} → {on_high:.2f} ms（{on_x:.1f}×）。",
    },
    "accelerate.llm.table": {"en": "All measured points", "zh": "全部测量点"},
    "accelerate.llm.col.new_tokens": {"en": "Tokens", "zh": "词元数"},
    "accelerate.llm.col.mode": {"en": "What", "zh": "内容"},
    "accelerate.llm.col.median_ms": {"en": "Median (ms)", "zh": "中位数（ms）"},
    "accelerate.llm.col.iqr_ms": {"en": "IQR (ms)", "zh": "四分位距（ms）"},
    "accelerate.llm.col.tokens_per_s": {"en": "Tokens/s", "zh": "词元/秒"},
    "accelerate.llm.col.ms_per_token": {"en": "ms per token", "zh": "每词元 ms 数"},
    # speculative decoding
    "accelerate.llm.spec_title": {
        "en": "Speculative decoding with the distilled draft",
        "zh": "使用蒸馏草稿模型的投机解码",
    },
    "accelerate.llm.spec_caption": {
        "en": "Each round the 2-layer distilled student proposes k tokens; the 4-layer model checks them all in one forward pass and keeps the longest prefix it agrees with, plus one token of its own. With greedy decoding the output must be exactly the model's own.",
        "zh": "每一轮由 2 层的蒸馏学生模型提议 k 个词元；4 层的原模型用一次前向传播检查全部提议，保留与自己一致的最长前缀，再加上一个自己的词元。在贪心解码下，输出必须与原模型自己的输出完全相同。",
    },
    "accelerate.llm.k": {
        "en": "Tokens the draft proposes per round (k)",
        "zh": "草稿模型每轮提议的词元数（k）",
    },
    "accelerate.llm.spec_new": {"en": "New tokens", "zh": "新词元数"},
    "accelerate.llm.acceptance": {"en": "Acceptance rate", "zh": "接受率"},
    "accelerate.llm.acceptance_help": {
        "en": "Draft tokens the model kept over draft tokens proposed ({accepted} of {proposed}, in {rounds} rounds), counted exactly.",
        "zh": "原模型保留的草稿词元数除以提议的草稿词元数（{rounds} 轮中 {proposed} 个里保留 {accepted} 个），精确计数。",
    },
    "accelerate.llm.target_rate": {"en": "Model alone, tokens/s", "zh": "仅原模型，词元/秒"},
    "accelerate.llm.spec_rate": {"en": "Speculative, tokens/s", "zh": "投机解码，词元/秒"},
    "accelerate.llm.spec_speedup": {"en": "Speed-up", "zh": "加速比"},
    "accelerate.llm.identical": {
        "en": "✅ The speculative output equals the model's plain greedy output token for token ({n} tokens, compared).",
        "zh": "✅ 投机解码的输出与原模型普通贪心输出逐词元完全相同（{n} 个词元，已比对）。",
    },
    "accelerate.llm.not_identical": {
        "en": "❌ The speculative output differs from the model's plain greedy output from new token {i} on.",
        "zh": "❌ 投机解码的输出从第 {i} 个新词元起与原模型普通贪心输出不同。",
    },
    "accelerate.llm.spec_measured": {
        "en": "Median of {runs} runs after a warm-up (IQR: model alone {t_iqr:.1f} ms, speculative {s_iqr:.1f} ms) · prompt {prompt} tokens · {new} new tokens, greedy · batch 1 · {threads} thread(s) · the model alone, speculative and the draft alone timed in alternation.",
        "zh": "预热后 {runs} 次运行的中位数（四分位距：仅原模型 {t_iqr:.1f} ms，投机解码 {s_iqr:.1f} ms） · 提示 {prompt} 个词元 · {new} 个新词元，贪心 · 批大小 1 · {threads} 个线程 · 仅原模型、投机解码和仅草稿模型交替计时。",
    },
    "accelerate.llm.why_slower_title": {
        "en": "Why it is not faster here (measured)",
        "zh": "为什么这里没有变快（实测）",
    },
    "accelerate.llm.why_slower": {
        "en": "A round gave {per_round:.2f} tokens on average and took {round_ms:.1f} ms; the model alone makes {per_round:.2f} tokens in {plain_ms:.1f} ms. Of the round, the draft's {k} proposals cost about {draft_ms:.1f} ms ({k} × {draft_tok:.2f} ms, its measured time per token, against the model's {target_tok:.2f} ms), and the verify pass with assisted generation's bookkeeping the other {rest_ms:.1f} ms. At 1.6 M parameters a step's time is the fixed cost of running the layers and the generation loop, not arithmetic: the 2-layer draft is not much cheaper than the 4-layer model, and a verify pass over k + 1 tokens plus the bookkeeping costs more than the steps it saves. Speculative decoding pays off when the model is large and memory-bound, so that checking k tokens costs about as much as making one, and the draft is far smaller.",
        "zh": "每轮平均产生 {per_round:.2f} 个词元，耗时 {round_ms:.1f} ms；原模型单独生成 {per_round:.2f} 个词元需要 {plain_ms:.1f} ms。每轮中，草稿模型的 {k} 个提议约需 {draft_ms:.1f} ms（{k} × {draft_tok:.2f} ms，即其实测的每词元时间，原模型为 {target_tok:.2f} ms），其余 {rest_ms:.1f} ms 是验证前向传播和辅助生成的簿记开销。在 160 万参数的规模下，每一步的时间主要是运行各层和生成循环的固定开销，而不是算术运算：2 层的草稿模型并不比 4 层的原模型便宜多少，而对 k + 1 个词元的一次验证加上簿记开销，比它省下的步骤更费时。当模型很大且受内存带宽限制、验证 k 个词元与生成一个词元代价相当、而草稿模型又小得多时，投机解码才划算。",
    },
    "accelerate.llm.faster": {
        "en": "Faster here: a round gave {per_round:.2f} tokens in {round_ms:.1f} ms, where the model alone needs {plain_ms:.1f} ms for as many.",
        "zh": "这里变快了：每轮在 {round_ms:.1f} ms 内产生 {per_round:.2f} 个词元，而原模型单独生成同样多的词元需要 {plain_ms:.1f} ms。",
    },
    "accelerate.llm.outputs": {"en": "The two outputs", "zh": "两份输出"},
    "accelerate.llm.output_target": {"en": "Model alone (greedy)", "zh": "仅原模型（贪心）"},
    "accelerate.llm.output_spec": {"en": "Speculative (greedy)", "zh": "投机解码（贪心）"},
    # compile / ONNX
    "accelerate.llm.compile_title": {
        "en": "torch.compile and ONNX Runtime",
        "zh": "torch.compile 与 ONNX Runtime",
    },
    "accelerate.llm.compile_note": {
        "en": "Not measured for this model. `generate` calls the model with a sequence and a KV cache that grow by one token every step (dynamic shapes): torch.compile would recompile or need a static cache, and ONNX Runtime would need the decoder exported with its past keys and values as inputs and the generation loop written by hand. Neither is set up here; the other models' Backends view measures both.",
        "zh": "本模型未测量。`generate` 每一步都以长度加一的序列和 KV 缓存调用模型（动态形状）：torch.compile 会重新编译或需要静态缓存，而 ONNX Runtime 需要导出以历史键值为输入的解码器并手写生成循环。这里两者都未搭建；其他模型的“后端”视图测量了这两者。",
    },
    "measure.llm_kv_speedup": {
        "en": "KV-cache speed-up of greedy generation",
        "zh": "贪心生成的 KV 缓存加速比",
    },
    "measure.llm_speculative_acceptance": {
        "en": "acceptance rate of the draft's proposals",
        "zh": "草稿模型提议的接受率",
    },
}
