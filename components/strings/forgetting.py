"""Strings of the forgetting view, "What compression forgets" (English and 简体中文 side by side)."""

FORGETTING: dict[str, dict[str, str]] = {
    "forget.title": {"en": "🧠 What compression forgets", "zh": "🧠 压缩遗忘了什么"},
    "forget.intro": {
        "en": "Overall accuracy hides where a compressed model fails. Here {model} and each variant are compared class by class, example by example, layer by layer and under attack, on the same test data.",
        "zh": "总体准确率掩盖了压缩模型在哪里出错。这里在相同的测试数据上，逐类别、逐样本、逐层并在对抗攻击下比较 {model} 与每个变体。",
    },
    # --- sections -------------------------------------------------------------------------
    "forget.section.per_class": {"en": "Per-class damage", "zh": "各类别的损伤"},
    "forget.section.forgotten": {"en": "Forgotten examples", "zh": "被遗忘的样本"},
    "forget.section.pie": {
        "en": "Pruning-identified exemplars (PIE)",
        "zh": "剪枝识别样本（PIE）",
    },
    "forget.section.drift": {"en": "Representation drift", "zh": "表示漂移"},
    "forget.section.projection": {
        "en": "Penultimate features in 2-D",
        "zh": "倒数第二层特征的二维投影",
    },
    "forget.section.robustness": {"en": "Adversarial robustness", "zh": "对抗鲁棒性"},
    "forget.section.paraphrase": {
        "en": "Paraphrase pairs ranked wrong",
        "zh": "排序出错的释义句对",
    },
    # --- per-class damage -----------------------------------------------------------------
    "forget.per_class.caption": {
        "en": "All {n} test examples. A class's accuracy is the share of its examples predicted right (recall); the bars show the variant minus the original, in percentage points, the most damaged class on top. Overall: {original:.1%} → {variant:.1%}.",
        "zh": "全部 {n} 个测试样本。某类别的准确率是该类样本被预测正确的比例（召回率）；条形表示变体减去原始模型，单位为百分点，损伤最大的类别在最上方。总体：{original:.1%} → {variant:.1%}。",
    },
    "forget.per_class.chart_title": {
        "en": "Per-class accuracy: {variant} minus the original",
        "zh": "各类别准确率：{variant} 减去原始模型",
    },
    "forget.per_class.axis_x": {
        "en": "Change in class accuracy (percentage points)",
        "zh": "类别准确率的变化（百分点）",
    },
    "forget.per_class.axis_y": {"en": "Class", "zh": "类别"},
    "forget.per_class.lost": {"en": "lost", "zh": "下降"},
    "forget.per_class.gained": {"en": "gained", "zh": "上升"},
    "forget.per_class.unchanged": {"en": "unchanged", "zh": "不变"},
    "forget.confusion.title": {
        "en": "Confusion matrices: original, {variant} and the difference",
        "zh": "混淆矩阵：原始模型、{variant} 及其差值",
    },
    "forget.confusion.original": {"en": "Original", "zh": "原始模型"},
    "forget.confusion.variant": {"en": "{variant}", "zh": "{variant}"},
    "forget.confusion.difference": {
        "en": "{variant} − original",
        "zh": "{variant} − 原始模型",
    },
    "forget.confusion.axis_true": {"en": "True class", "zh": "真实类别"},
    "forget.confusion.axis_predicted": {"en": "Predicted class", "zh": "预测类别"},
    "forget.confusion.counts": {"en": "examples", "zh": "样本数"},
    "forget.confusion.difference_counts": {"en": "Δ examples", "zh": "样本数之差"},
    "forget.confusion.caption": {
        "en": "Rows are the true class, columns the prediction. In the difference, a class the variant lost shows as an orange cell on the diagonal (fewer right) and purple cells in the columns it is now mistaken for (more wrong).",
        "zh": "行是真实类别，列是预测类别。在差值图中，变体丢失的类别表现为对角线上的橙色格子（答对的变少），以及它现在被误认为的那些列中的紫色格子（答错的变多）。",
    },
    # --- forgotten examples ---------------------------------------------------------------
    "forget.forgotten.caption": {
        "en": "{n} of {total} test examples that the original gets right are wrong now ({learned} went the other way). Ranked by how much the probability of the true class dropped.",
        "zh": "在原始模型答对的测试样本中，有 {n} 个（共 {total} 个）现在答错了（另有 {learned} 个情况相反）。按真实类别概率下降的幅度排序。",
    },
    "forget.forgotten.item": {
        "en": "true {true}: {original} ({p_original:.0%}) → {variant} (true class {p_variant:.0%})",
        "zh": "真实 {true}：{original}（{p_original:.0%}）→ {variant}（真实类别 {p_variant:.0%}）",
    },
    "forget.forgotten.none": {
        "en": "The variant gets right every test example the original gets right.",
        "zh": "原始模型答对的测试样本，变体全部也答对了。",
    },
    # --- PIE --------------------------------------------------------------------------------
    "forget.pie.caption": {
        "en": "{copies} pruned copies ({method}, {amounts}, seeds {first_seed}–{last_seed}, no fine-tuning) vote on every test example. A PIE is an example whose most common vote differs from the original's prediction (Hooker et al. 2019); a tie keeps the original's.",
        "zh": "{copies} 个剪枝副本（{method}，{amounts}，随机种子 {first_seed}–{last_seed}，不微调）对每个测试样本投票。若多数票与原始模型的预测不同，该样本就是一个 PIE（Hooker 等，2019）；平票时保留原始模型的预测。",
    },
    "forget.pie.count": {
        "en": "{n} PIE among {total} test examples",
        "zh": "{total} 个测试样本中有 {n} 个 PIE",
    },
    "forget.pie.item": {
        "en": "original {original} ({p_original:.0%}) · copies {modal} ({p_modal:.0%}, {votes:.0%} of votes)",
        "zh": "原始 {original}（{p_original:.0%}）· 副本 {modal}（{p_modal:.0%}，{votes:.0%} 的票）",
    },
    "forget.pie.none": {
        "en": "No PIE: the pruned copies' majority agrees with the original on every example.",
        "zh": "没有 PIE：剪枝副本的多数票在每个样本上都与原始模型一致。",
    },
    "forget.pie.agreement": {
        "en": "Each copy agrees with the original on {low:.0%}–{high:.0%} of the test examples.",
        "zh": "每个副本与原始模型在 {low:.0%}–{high:.0%} 的测试样本上一致。",
    },
    "forget.pie.progress": {"en": "Pruning copy {i} of {n}…", "zh": "正在剪枝第 {i}/{n} 个副本……"},
    # --- representation drift -------------------------------------------------------------
    "forget.drift.chart_title": {
        "en": "Linear CKA with the original, layer by layer",
        "zh": "与原始模型的线性 CKA（逐层）",
    },
    "forget.drift.axis_x": {"en": "Layer (forward order)", "zh": "层（前向顺序）"},
    "forget.drift.axis_y": {
        "en": "Linear CKA (1 = same representation)",
        "zh": "线性 CKA（1 = 相同表示）",
    },
    "forget.drift.caption": {
        "en": "Linear CKA (Kornblith et al. 2019) between the activations of the original and of each variant on the same {n} test examples ({per_class} per class, seed {seed}). 1 means the same representation up to a rotation and a scale; layers of different width still compare.",
        "zh": "在相同的 {n} 个测试样本（每类 {per_class} 个，随机种子 {seed}）上，计算原始模型与各变体激活之间的线性 CKA（Kornblith 等，2019）。1 表示在旋转和缩放意义下相同的表示；宽度不同的层也可以比较。",
    },
    "forget.drift.caption_sentences": {
        "en": "Linear CKA (Kornblith et al. 2019) between the activations of the original and of each variant on the {n} shipped sentences, every token vector of the sentences padded to {tokens} tokens.",
        "zh": "在随附的 {n} 个句子上（每句补齐到 {tokens} 个词元，取全部词元向量），计算原始模型与各变体激活之间的线性 CKA（Kornblith 等，2019）。",
    },
    "forget.drift.not_compared": {
        "en": "Not compared for {variant}: {layers}",
        "zh": "{variant} 中未比较的层：{layers}",
    },
    "forget.drift.reason.missing": {
        "en": "the variant has no layer of this name (folded into another, or renamed)",
        "zh": "变体中没有同名的层（已并入其他层或被改名）",
    },
    "forget.drift.reason.silent": {
        "en": "the layer did not run or returned no floating-point tensor",
        "zh": "该层没有运行，或没有返回浮点张量",
    },
    "forget.drift.reason.reused": {
        "en": "the layer runs more than once per forward pass",
        "zh": "该层在一次前向传播中运行了不止一次",
    },
    "forget.drift.reason.rows": {
        "en": "its output is not one row per example",
        "zh": "其输出不是每个样本一行",
    },
    "forget.drift.reason.constant": {
        "en": "every example gives the same activation: there is nothing to align",
        "zh": "每个样本的激活都相同：没有可对齐的内容",
    },
    "forget.drift.reason.fused": {
        "en": "int8 fused it with the next layer (e.g. conv + ReLU), so its output is not the same quantity",
        "zh": "int8 把它与下一层融合了（例如卷积 + ReLU），其输出已不是同一个量",
    },
    "forget.drift.note.tokens": {
        "en": "Compared on token vectors: the sentence encoder has no classes, so there is no per-class view.",
        "zh": "在词元向量上比较：句子编码器没有类别，因此没有逐类别视图。",
    },
    # --- PCA projection -------------------------------------------------------------------
    "forget.pca.chart_title": {
        "en": "Penultimate features, original vs {variant}",
        "zh": "倒数第二层特征：原始模型 vs {variant}",
    },
    "forget.pca.original": {"en": "Original", "zh": "原始模型"},
    "forget.pca.axis_x": {
        "en": "PC 1 (feature units; {share:.0%} of the original's variance)",
        "zh": "主成分 1（特征单位；占原始模型方差的 {share:.0%}）",
    },
    "forget.pca.axis_y": {
        "en": "PC 2 (feature units; {share:.0%} of the original's variance)",
        "zh": "主成分 2（特征单位；占原始模型方差的 {share:.0%}）",
    },
    "forget.pca.forgotten": {"en": "forgotten by the variant", "zh": "被变体遗忘"},
    "forget.pca.caption_shared": {
        "en": "Inputs of the output layer for all {n} test examples. The PCA (scikit-learn) is fitted on the original's {width} features, and both models are projected into the same axes.",
        "zh": "全部 {n} 个测试样本在输出层的输入。PCA（scikit-learn）在原始模型的 {width} 维特征上拟合，两个模型都投影到同一组坐标轴上。",
    },
    "forget.pca.caption_aligned": {
        "en": "Inputs of the output layer for all {n} test examples. The widths differ ({width} vs {variant_width} features), so the variant gets its own PCA, rotated onto the original's axes (orthogonal Procrustes on the same examples).",
        "zh": "全部 {n} 个测试样本在输出层的输入。两者宽度不同（{width} 维 vs {variant_width} 维），因此变体单独做 PCA，再通过正交 Procrustes（同一批样本）旋转到原始模型的坐标轴上。",
    },
    # --- robustness -----------------------------------------------------------------------
    "forget.robust.chart_title": {
        "en": "Accuracy under {attack} against ε",
        "zh": "{attack} 攻击下的准确率随 ε 的变化",
    },
    "forget.robust.axis_x": {
        "en": "ε (normalised input units)",
        "zh": "ε（归一化输入单位）",
    },
    "forget.robust.axis_y": {"en": "Accuracy under attack", "zh": "受攻击时的准确率"},
    "forget.robust.attack.fgsm": {"en": "FGSM", "zh": "FGSM"},
    "forget.robust.attack.pgd": {
        "en": "PGD ({steps} steps of {ratio:g}·ε/{steps})",
        "zh": "PGD（{steps} 步，每步 {ratio:g}·ε/{steps}）",
    },
    "forget.robust.caption": {
        "en": "captum.robust {attack} on the same {n} test examples, ε in the models' normalised input units (ε = 0.1 is {pixels:.1%} of the pixel range). Adversarial inputs are clamped to [{low:.2f}, {high:.2f}]: {source}.",
        "zh": "在相同的 {n} 个测试样本上运行 captum.robust {attack}，ε 以模型的归一化输入为单位（ε = 0.1 相当于像素范围的 {pixels:.1%}）。对抗输入被截断到 [{low:.2f}, {high:.2f}]：{source}。",
    },
    "forget.robust.source.pixels": {
        "en": "the pixel range [0, 1] after normalisation",
        "zh": "归一化后的像素范围 [0, 1]",
    },
    "forget.robust.source.observed": {
        "en": "the smallest and largest test input",
        "zh": "测试输入的最小值和最大值",
    },
    "forget.robust.transferred": {
        "en": "transferred from the original (int8 has no gradients)",
        "zh": "由原始模型迁移而来（int8 没有梯度）",
    },
    "forget.robust.transferred_legend": {
        "en": "{model} (transferred)",
        "zh": "{model}（迁移）",
    },
    "forget.robust.progress": {"en": "Attacking: {message}", "zh": "正在攻击：{message}"},
    "forget.adv.chart_title": {
        "en": "One adversarial example at ε = {epsilon:g}",
        "zh": "一个对抗样本（ε = {epsilon:g}）",
    },
    "forget.adv.clean": {"en": "Input", "zh": "输入"},
    "forget.adv.perturbation": {"en": "Perturbation × {gain:.0f}", "zh": "扰动 × {gain:.0f}"},
    "forget.adv.perturbation_units": {"en": "pixel units", "zh": "像素单位"},
    "forget.adv.adversarial": {"en": "Adversarial input", "zh": "对抗输入"},
    "forget.adv.prediction": {
        "en": "{model}: {clean} ({p_clean:.0%}) → {adversarial} ({p_adversarial:.0%})",
        "zh": "{model}：{clean}（{p_clean:.0%}）→ {adversarial}（{p_adversarial:.0%}）",
    },
    "forget.adv.attacked_variant": {
        "en": "The perturbation follows the variant's own gradient.",
        "zh": "扰动沿变体自身的梯度方向。",
    },
    "forget.adv.attacked_original": {
        "en": "The perturbation follows the original's gradient: transferred from the original (int8 has no gradients).",
        "zh": "扰动沿原始模型的梯度方向：由原始模型迁移而来（int8 没有梯度）。",
    },
    "forget.noise.title": {
        "en": "Smallest noise that flips the prediction",
        "zh": "使预测翻转的最小噪声",
    },
    "forget.noise.caption": {
        "en": "captum.robust MinParamPerturbation: Gaussian noise along one fixed direction (seed {seed}), σ from {step:g} to {high:g} normalised units in steps of {step:g}, clamped to the input range. Needs no gradients, so int8 models are measured directly.",
        "zh": "captum.robust MinParamPerturbation：沿一个固定方向（随机种子 {seed}）添加高斯噪声，σ 从 {step:g} 到 {high:g}（归一化单位），步长 {step:g}，并截断到输入范围。不需要梯度，因此 int8 模型可直接测量。",
    },
    "forget.noise.flips": {
        "en": "{model}: {clean} → {flipped} at σ = {sigma:.2f}",
        "zh": "{model}：在 σ = {sigma:.2f} 时 {clean} → {flipped}",
    },
    "forget.noise.never": {
        "en": "{model}: still {clean} at σ = {high:g}",
        "zh": "{model}：σ = {high:g} 时仍为 {clean}",
    },
    # --- paraphrase pairs (sentence encoders) ---------------------------------------------
    "forget.para.caption": {
        "en": "Each of the {n} first sentences looks for its partner among all second sentences by cosine. Top-1: {original:.0%} for the original, {variant:.0%} for {variant_name}; these pairs the original retrieves and {variant_name} no longer does ({fixed} went the other way).",
        "zh": "{n} 个第一句各自按余弦相似度在所有第二句中寻找配对句。Top-1：原始模型 {original:.0%}，{variant_name} {variant:.0%}；以下是原始模型能找回而 {variant_name} 不再能找回的句对（另有 {fixed} 对情况相反）。",
    },
    "forget.para.item": {
        "en": "“{first}” should find “{partner}”, now finds “{chosen}” (partner ranked {rank}; cosine {before:.2f} → {after:.2f})",
        "zh": "“{first}”应找到“{partner}”，现在找到的是“{chosen}”（配对句排第 {rank}；余弦 {before:.2f} → {after:.2f}）",
    },
    "forget.para.none": {
        "en": "{variant_name} still retrieves every pair the original retrieves.",
        "zh": "原始模型能找回的句对，{variant_name} 仍然全部能找回。",
    },
    # --- why a part does not apply --------------------------------------------------------
    "forget.reason.no_classes": {
        "en": "{model} is a sentence encoder: it has no classes to lose. See the paraphrase pairs it now ranks wrong instead.",
        "zh": "{model} 是句子编码器：没有可丢失的类别。请改看它现在排序出错的释义句对。",
    },
    "forget.reason.not_scores": {
        "en": "The model's output (shape {shape}) is not one score per class, so there are no classes or predictions to compare.",
        "zh": "模型的输出（形状 {shape}）不是每个类别一个分数，因此没有可比较的类别或预测。",
    },
    "forget.reason.no_labels": {
        "en": "The test data has no labels: without a true class, nothing can be called right or forgotten.",
        "zh": "测试数据没有标签：没有真实类别，就无法判断对错或遗忘。",
    },
    "forget.reason.no_prunable_layers": {
        "en": "The model has no Linear or convolution layers to prune (or to read an output layer from).",
        "zh": "模型没有可剪枝的全连接层或卷积层（也就无法找到输出层）。",
    },
    "forget.reason.paraphrase_encoders_only": {
        "en": "Paraphrase retrieval applies to sentence encoders only.",
        "zh": "释义检索只适用于句子编码器。",
    },
    "forget.reason.discrete_input": {
        "en": "The input ({input}) is discrete, such as token ids: there is no small ε step between two words, so gradient attacks do not apply.",
        "zh": "输入（{input}）是离散的，例如词元编号：两个词之间没有微小的 ε 步长，因此梯度攻击不适用。",
    },
    "forget.reason.single_input": {
        "en": "The attacks here perturb one input; this model takes {inputs}.",
        "zh": "这里的攻击只扰动一个输入；该模型有 {inputs} 个输入。",
    },
    "forget.reason.no_gradients": {
        "en": "The original has no input gradients, so it cannot be attacked with FGSM or PGD.",
        "zh": "原始模型没有关于输入的梯度，因此无法用 FGSM 或 PGD 攻击。",
    },
    "forget.error.no_gradients_source": {
        "en": "{model} has no input gradients, so its adversarial inputs cannot be transferred to the other models.",
        "zh": "{model} 没有关于输入的梯度，因此无法把它的对抗输入迁移给其他模型。",
    },
    # --- the page view (Compress → What it forgets) ----------------------------------------
    "compress.technique.forget": {"en": "🧠 What it forgets", "zh": "🧠 遗忘了什么"},
    "forget.variant": {"en": "Variant shown in detail", "zh": "详细查看的变体"},
    "forget.variants": {
        "en": "Variants: the pruning and quantization settings of this page ({n} in all, with the kept ones). The layer and robustness charts show all of them; the rest shows the one picked here.",
        "zh": "变体：本页当前的剪枝与量化设置（连同已保存的变体共 {n} 个）。逐层与鲁棒性图表显示全部变体；其余部分显示这里选中的那一个。",
    },
    "forget.no_variant": {
        "en": "No compressed variant applies to this model.",
        "zh": "没有适用于该模型的压缩变体。",
    },
    "forget.variant_short": {"en": "Variant", "zh": "变体"},
    "forget.explain_link": {"en": "Explain #{index}", "zh": "解释 #{index}"},
    "forget.picture": {
        "en": "#{index}: {true} → {predicted}",
        "zh": "#{index}：{true} → {predicted}",
    },
    "forget.pictures.forgotten": {
        "en": "The {n} most damaged of them (test index: true → variant)",
        "zh": "其中损伤最大的 {n} 个（测试编号：真实 → 变体）",
    },
    "forget.pictures.pie": {
        "en": "The {n} most clear-cut PIE (test index: original → copies)",
        "zh": "最明确的 {n} 个 PIE（测试编号：原始 → 副本）",
    },
    "forget.pie.run": {"en": "Find the PIE", "zh": "查找 PIE"},
    "forget.robust.attack": {"en": "Attack", "zh": "攻击"},
    "forget.robust.epsilon": {
        "en": "ε of the adversarial example",
        "zh": "对抗样本的 ε",
    },
    "forget.noise.index": {"en": "Test example", "zh": "测试样本"},
    "forget.reason.same": {
        "en": "Does not apply either, for the reason given above.",
        "zh": "同样不适用，原因见上文。",
    },
    # --- the lesson (components.lessons) and its measures (components.lesson_checks) --------
    "measure.forget_class_drop": {
        "en": "accuracy lost on class {arg} (original − pruned)",
        "zh": "类别 {arg} 损失的准确率（原始 − 剪枝）",
    },
    "measure.forget_accuracy_drop": {
        "en": "test accuracy lost (original − pruned)",
        "zh": "损失的测试准确率（原始 − 剪枝）",
    },
    "measure.forget_fgsm_gap": {
        "en": "accuracy gap under FGSM (original − pruned)",
        "zh": "FGSM 攻击下的准确率差（原始 − 剪枝）",
    },
    "lesson.forgetting.title": {
        "en": "🧠 What does compression forget?",
        "zh": "🧠 压缩会遗忘什么？",
    },
    "lesson.forgetting.text": {
        "en": "Pruned to 70 %, LeNet loses 11 points of test accuracy overall but two thirds of its 9s, which it now reads as 1s and 3s: the damage is not spread evenly. Under a small FGSM attack (ε = 0.1) its gap to the original doubles, to about 22 points.",
        "zh": "剪枝 70% 后，LeNet 的总体测试准确率只下降 11 个百分点，却丢掉了三分之二的数字 9，现在把它们认成 1 和 3：损伤并不是均匀分布的。在很小的 FGSM 攻击（ε = 0.1）下，它与原始模型的差距翻倍，达到约 22 个百分点。",
    },
    "lesson.forgetting.try": {
        "en": "prune LeNet with **L1 unstructured** at 70 % and look at the **Per-class damage** bars: which digit is on top? Then read the **Adversarial robustness** curves of the original and the pruned model at ε = 0.1.",
        "zh": "用 **L1 非结构化** 把 LeNet 剪掉 70%，看 **各类别的损伤** 条形图：哪个数字排在最上面？再在 **对抗鲁棒性** 中读出原始模型与剪枝模型在 ε = 0.1 处的曲线。",
    },
    "lesson.forgetting.step1": {
        "en": "Prune LeNet with **L1 unstructured** at 70 % and look at the **Per-class damage** bars.",
        "zh": "用 **L1 非结构化** 把 LeNet 剪掉 70%，看 **各类别的损伤** 条形图。",
    },
    "lesson.forgetting.step1.see": {
        "en": "Overall accuracy falls by about 11 points, but the 9s fall by about two thirds: the confusion matrix shows most of them read as 1s and 3s now.",
        "zh": "总体准确率下降约 11 个百分点，而数字 9 下降了约三分之二：混淆矩阵显示它们大多被认成了 1 和 3。",
    },
    "lesson.forgetting.step2": {
        "en": "Open **Adversarial robustness** and read the curves at ε = 0.1.",
        "zh": "打开 **对抗鲁棒性**，读出 ε = 0.1 处的曲线。",
    },
    "lesson.forgetting.step2.see": {
        "en": "The original still gets about 92 % right, the pruned model about 70 %: the gap of 11 points on clean digits doubles under a tiny attack.",
        "zh": "原始模型仍能答对约 92%，剪枝模型约 70%：干净数字上 11 个百分点的差距，在微小的攻击下翻了一倍。",
    },
}
