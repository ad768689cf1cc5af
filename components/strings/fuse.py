"""Strings of the Fuse page (English and 简体中文 side by side)."""

FUSE: dict[str, dict[str, str]] = {
    "nav.fuse": {"en": "Fuse", "zh": "融合"},
    "fuse.title": {"en": "🔗 Fuse: image + speech", "zh": "🔗 融合：图像 + 语音"},
    "fuse.intro": {
        "en": "Each test pair is a noisy handwritten digit and a noisy spoken digit. Alone, each modality is right about 75 % of the time; fused, they do better — and how they are fused matters. Every number is computed live on the 450 test pairs. The page trains its own image and audio encoders: the model chosen in the sidebar is not used here.",
        "zh": "每个测试样本由一张带噪声的手写数字和一段带噪声的数字语音组成。单独使用任一模态，正确率约为 75 %；融合后更好——而融合方式很重要。所有数字都在 450 个测试样本上实时计算。本页面训练自己的图像和音频编码器，不使用侧边栏中选择的模型。",
    },
    # controls
    "fuse.task": {"en": "Task", "zh": "任务"},
    "fuse.task.digit": {"en": "which digit?", "zh": "哪个数字？"},
    "fuse.task.same": {"en": "same digit?", "zh": "是否同一数字？"},
    "fuse.task_help": {
        "en": "“Which digit?” is answered by either modality alone. “Same digit?” asks whether the image and the speech show the same digit: the answer depends on both at once (an interaction).",
        "zh": "“哪个数字？”单靠任一模态即可回答。“是否同一数字？”问图像与语音是否为同一数字：答案同时取决于两者（交互）。",
    },
    "fuse.sigma": {"en": "Image noise σ (pixels)", "zh": "图像噪声 σ（像素）"},
    "fuse.sigma_help": {
        "en": "Std of the Gaussian noise added to the test images, in pixel units (ink is 0–1). The models were trained at σ = {trained}.",
        "zh": "加到测试图像上的高斯噪声标准差（像素单位，墨迹范围 0–1）。模型训练时 σ = {trained}。",
    },
    "fuse.snr": {"en": "Speech SNR (dB)", "zh": "语音信噪比（dB）"},
    "fuse.snr_help": {
        "en": "Speech-to-noise power ratio. The clips were synthesised at {trained} dB (that noise is baked in), so only noisier is possible.",
        "zh": "语音与噪声的功率比。语音合成时为 {trained} dB（该噪声已固化在数据中），因此只能更嘈杂。",
    },
    "fuse.drop": {"en": "Drop a modality", "zh": "去掉一个模态"},
    "fuse.drop.none": {"en": "both present", "zh": "两者都在"},
    "fuse.drop.image": {"en": "no image", "zh": "无图像"},
    "fuse.drop.audio": {"en": "no speech", "zh": "无语音"},
    "fuse.drop_help": {
        "en": "Replace one modality by zeros (the training mean), as if that sensor were missing.",
        "zh": "把一个模态替换为零（训练均值），就像该传感器缺失一样。",
    },
    "fuse.missing": {
        "en": "{strategy} is not available: {reason}",
        "zh": "{strategy} 不可用：{reason}",
    },
    "fuse.view": {"en": "View", "zh": "视图"},
    "fuse.view.sample": {"en": "One pair", "zh": "单个样本"},
    "fuse.view.robustness": {"en": "Noise & missing modality", "zh": "噪声与缺失模态"},
    "fuse.view.attribution": {"en": "Modality attribution", "zh": "模态归因"},
    "fuse.view.attention": {"en": "Attention", "zh": "注意力"},
    "fuse.view.compare": {"en": "Side by side", "zh": "并排比较"},
    "fuse.view.train": {"en": "Live training", "zh": "实时训练"},
    "fuse.view.sample.intro": {
        "en": "Pick a pair, see and hear what the models get, and what every strategy predicts.",
        "zh": "选择一个样本，看看并听听模型得到的输入，以及每种策略的预测。",
    },
    "fuse.view.robustness.intro": {
        "en": "Move the noise sliders or drop a modality: the accuracy of every strategy is recomputed on the test split.",
        "zh": "移动噪声滑块或去掉一个模态：每种策略的准确率都会在测试集上重新计算。",
    },
    "fuse.view.attribution.intro": {
        "en": "How much of a prediction comes from the image and how much from the speech.",
        "zh": "一个预测有多少来自图像，有多少来自语音。",
    },
    "fuse.view.attention.intro": {
        "en": "Where the attention models look across modalities.",
        "zh": "注意力模型在模态之间关注哪里。",
    },
    "fuse.view.compare.intro": {
        "en": "Two strategies on the same pair and the same noise.",
        "zh": "两种策略在同一样本、同一噪声下的对比。",
    },
    "fuse.view.train.intro": {
        "en": "Retrain one strategy with your own epochs and hidden size and compare it with the shipped weights.",
        "zh": "用你选择的轮数和隐藏层大小重新训练一种策略，并与随附权重比较。",
    },
    # strategies
    "fuse.strategy": {"en": "Strategy", "zh": "策略"},
    "fuse.strategy.image_only": {"en": "Image only", "zh": "仅图像"},
    "fuse.strategy.audio_only": {"en": "Speech only", "zh": "仅语音"},
    "fuse.strategy.early_raw": {"en": "Early fusion (raw inputs)", "zh": "早期融合（原始输入）"},
    "fuse.strategy.concat": {"en": "Feature concatenation", "zh": "特征拼接"},
    "fuse.strategy.tensor": {"en": "Tensor fusion", "zh": "张量融合"},
    "fuse.strategy.cross_attention": {"en": "Cross-modal attention", "zh": "跨模态注意力"},
    "fuse.strategy.gated": {"en": "Gated fusion", "zh": "门控融合"},
    "fuse.strategy.graph": {"en": "Graph fusion (GAT)", "zh": "图融合（GAT）"},
    "fuse.strategy.late": {"en": "Late fusion (sum of logits)", "zh": "晚期融合（logit 求和）"},
    "fuse.strategy.same_additive": {"en": "Same? Additive", "zh": "相同？加性"},
    "fuse.strategy.same_concat": {"en": "Same? Concat + MLP", "zh": "相同？拼接 + MLP"},
    "fuse.strategy.same_tensor": {"en": "Same? Tensor fusion", "zh": "相同？张量融合"},
    "fuse.strategy.image_only.description": {
        "en": "A small CNN on the noisy image; ignores the speech.",
        "zh": "在带噪图像上的小型 CNN；忽略语音。",
    },
    "fuse.strategy.audio_only.description": {
        "en": "A small CNN on the noisy log-mel spectrogram; ignores the image.",
        "zh": "在带噪对数梅尔频谱图上的小型 CNN；忽略图像。",
    },
    "fuse.strategy.early_raw.description": {
        "en": "Raw pixels and spectrogram values, concatenated, into one MLP.",
        "zh": "原始像素与频谱值拼接后送入一个 MLP。",
    },
    "fuse.strategy.concat.description": {
        "en": "Two encoders; their feature vectors concatenated into an MLP.",
        "zh": "两个编码器；其特征向量拼接后送入 MLP。",
    },
    "fuse.strategy.tensor.description": {
        "en": "Outer product of the two feature vectors (each extended by a 1).",
        "zh": "两个特征向量（各补一个 1）的外积。",
    },
    "fuse.strategy.cross_attention.description": {
        "en": "Each audio frame attends over the 16 image patches.",
        "zh": "每个音频帧对 16 个图像块做注意力。",
    },
    "fuse.strategy.gated.description": {
        "en": "A learned per-sample gate mixes the image and speech features.",
        "zh": "一个按样本学习的门控混合图像与语音特征。",
    },
    "fuse.strategy.graph.description": {
        "en": "16 patch and 8 frame nodes; neighbours linked within a modality, every patch with every frame across; two GATConv layers.",
        "zh": "16 个图像块节点和 8 个音频帧节点；模态内相邻相连，跨模态每个块连每个帧；两层 GATConv。",
    },
    "fuse.strategy.late.description": {
        "en": "The two unimodal models, trained apart; their logits added.",
        "zh": "两个分别训练的单模态模型；其 logit 相加。",
    },
    "fuse.strategy.same_additive.description": {
        "en": "f(image) + g(speech): no interaction term, so it cannot tell.",
        "zh": "f(图像) + g(语音)：没有交互项，因此无法判断。",
    },
    "fuse.strategy.same_concat.description": {
        "en": "Concatenated features; the MLP's hidden layer models the interaction.",
        "zh": "拼接特征；MLP 的隐藏层建模交互。",
    },
    "fuse.strategy.same_tensor.description": {
        "en": "Products of image and speech features: interaction built in.",
        "zh": "图像与语音特征的乘积：内置交互。",
    },
    "fuse.class": {"en": "class", "zh": "类别"},
    "fuse.class.same": {"en": "same", "zh": "相同"},
    "fuse.class.different": {"en": "different", "zh": "不同"},
    # the pair
    "fuse.source": {"en": "Image", "zh": "图像"},
    "fuse.source.test": {"en": "test pair", "zh": "测试样本"},
    "fuse.source.upload": {"en": "upload", "zh": "上传"},
    "fuse.source.draw": {"en": "draw", "zh": "手绘"},
    "fuse.index": {"en": "Test pair (0–449)", "zh": "测试样本（0–449）"},
    "fuse.clip": {"en": "Speech", "zh": "语音"},
    "fuse.clip.own": {"en": "the pair's own speech", "zh": "该样本自己的语音"},
    "fuse.clip.stored": {
        "en": "clip {n}: “{digit}” ({voice})",
        "zh": "片段 {n}：“{digit}”（{voice}）",
    },
    "fuse.clip_help": {
        "en": "Pair the image with its own utterance, or with one of the 20 stored recordings (any digit: an image of a 3 with a spoken 7).",
        "zh": "将图像与其自己的语音配对，或与 20 段已存录音之一配对（任意数字：如 3 的图像配上读出的 7）。",
    },
    "fuse.upload": {"en": "A PNG or JPEG of one digit", "zh": "一个数字的 PNG 或 JPEG 图片"},
    "fuse.upload_hint": {
        "en": "Upload an image: it is converted like the training digits and paired with the chosen clip.",
        "zh": "上传一张图片：它会像训练数字一样被转换，并与所选语音片段配对。",
    },
    "fuse.converted": {"en": "Converted: {steps}", "zh": "已转换：{steps}"},
    "fuse.pair_title": {
        "en": "Image of a {image} · speech of a {audio}",
        "zh": "图像：{image} · 语音：{audio}",
    },
    "fuse.image_seen": {"en": "what the models see", "zh": "模型看到的图像"},
    "fuse.image_clean": {"en": "without the noise", "zh": "去掉噪声后"},
    "fuse.spectrogram": {"en": "What the models hear (log-mel)", "zh": "模型听到的（对数梅尔）"},
    "fuse.time_ms": {"en": "time (ms)", "zh": "时间（ms）"},
    "fuse.mel_band": {"en": "mel band", "zh": "梅尔频带"},
    "fuse.listen": {
        "en": "Listen: the recording with the noise the models get (SNR {snr:g} dB).",
        "zh": "试听：带有模型所受噪声的录音（信噪比 {snr:g} dB）。",
    },
    "fuse.listen_clean": {"en": "The same speech without noise", "zh": "同一段语音（无噪声）"},
    "fuse.no_recording": {
        "en": "Only 20 utterances ship as audio: pick one of the stored clips under “Speech” to hear it.",
        "zh": "只有 20 段语音附带音频：在“语音”中选择一个已存片段即可试听。",
    },
    "fuse.dropped_note.image": {
        "en": "The image is dropped: the models get zeros instead (shown as uniform grey).",
        "zh": "图像已去掉：模型得到的是零（显示为均匀灰色）。",
    },
    "fuse.dropped_note.audio": {
        "en": "The speech is dropped: the models get zeros instead of the spectrogram (shown as uniform colour).",
        "zh": "语音已去掉：模型得到的是零而非频谱图（显示为均匀颜色）。",
    },
    "fuse.unlabelled": {
        "en": "A drawn or uploaded image has no label: nothing to mark right or wrong.",
        "zh": "手绘或上传的图像没有标签：无法判断对错。",
    },
    "fuse.predictions_title": {"en": "What every strategy predicts", "zh": "每种策略的预测"},
    "fuse.probability": {"en": "probability", "zh": "概率"},
    "fuse.signals_axis": {"en": "share or accuracy", "zh": "占比或准确率"},
    # columns
    "fuse.col.strategy": {"en": "strategy", "zh": "策略"},
    "fuse.col.prediction": {"en": "prediction", "zh": "预测"},
    "fuse.col.probability": {"en": "probability", "zh": "概率"},
    "fuse.col.correct": {"en": "correct", "zh": "正确"},
    "fuse.col.accuracy": {"en": "accuracy", "zh": "准确率"},
    "fuse.col.said_same_on_same": {"en": "says “same” on same pairs", "zh": "相同样本上答“相同”"},
    "fuse.col.said_same_on_different": {
        "en": "says “same” on different pairs",
        "zh": "不同样本上答“相同”",
    },
    "fuse.col.interaction": {"en": "|interaction| (logit)", "zh": "|交互|（logit）"},
    "fuse.col.method": {"en": "method", "zh": "方法"},
    "fuse.col.target": {"en": "explained class", "zh": "解释的类别"},
    "fuse.col.delta": {"en": "IG completeness error", "zh": "IG 完备性误差"},
    "fuse.col.image_share": {"en": "image share", "zh": "图像占比"},
    "fuse.col.samples": {"en": "pairs", "zh": "样本数"},
    "fuse.col.max_delta": {"en": "max IG error", "zh": "最大 IG 误差"},
    "fuse.col.run": {"en": "weights", "zh": "权重"},
    "fuse.col.parameters": {"en": "parameters", "zh": "参数量"},
    "fuse.col.seconds": {"en": "training time (s)", "zh": "训练时间（秒）"},
    # robustness
    "fuse.accuracy": {"en": "test accuracy", "zh": "测试准确率"},
    "fuse.noise_text": {
        "en": "image σ {sigma:g}, speech {snr:g} dB, {drop}",
        "zh": "图像 σ {sigma:g}，语音 {snr:g} dB，{drop}",
    },
    "fuse.accuracy_title": {"en": "Test accuracy at {noise}", "zh": "测试准确率：{noise}"},
    "fuse.recorded": {"en": "recorded at training noise", "zh": "训练噪声下记录值"},
    "fuse.chance": {"en": "chance {p:.0%}", "zh": "随机 {p:.0%}"},
    "fuse.late_note": {
        "en": "Late fusion is often the strongest here: the image and the speech of a pair are linked only through the label (their noises are independent), so a sum of two good unimodal scores is close to the best possible combination. Joint models have more to learn from the same 1,347 training pairs.",
        "zh": "晚期融合在这里往往最强：一个样本的图像和语音只通过标签相关（噪声相互独立），所以两个好的单模态得分相加已接近最优组合。而联合模型需要从同样的 1,347 个训练样本中学习的内容更多。",
    },
    "fuse.curve_image_title": {
        "en": "Accuracy over image noise (speech at {snr:g} dB)",
        "zh": "随图像噪声的准确率（语音 {snr:g} dB）",
    },
    "fuse.curve_audio_title": {
        "en": "Accuracy over speech noise (image σ {sigma:g})",
        "zh": "随语音噪声的准确率（图像 σ {sigma:g}）",
    },
    "fuse.highlight_caption": {
        "en": "{names} stay in colour (the strategy picked in Modality attribution and the pair in Side by side); the other strategies are grey. Hover a line or click the legend to pick one out.",
        "zh": "{names} 保持彩色（“模态归因”中选中的策略和“并排比较”中的两种策略），其余策略为灰色。悬停在线上或点击图例可单独查看。",
    },
    "fuse.curves_caption": {
        "en": "Noisier to the right in both charts; dashed lines are the unimodal models, the dotted red line is the slider's value. A fusion degrades gracefully when its curve stays above both unimodal ones.",
        "zh": "两图中越往右噪声越大；虚线为单模态模型，红色点线为滑块当前值。若融合曲线始终高于两条单模态曲线，说明它退化得平缓。",
    },
    "fuse.drop_title": {
        "en": "Accuracy without one modality (image σ {sigma:g}, speech {snr:g} dB)",
        "zh": "缺失一个模态时的准确率（图像 σ {sigma:g}，语音 {snr:g} dB）",
    },
    "fuse.drop_caption": {
        "en": "Without the image, the image-only model is at chance and the speech-only model does not change; a good fusion keeps most of the remaining modality's accuracy.",
        "zh": "没有图像时，仅图像模型降到随机水平，仅语音模型不变；好的融合能保住剩余模态的大部分准确率。",
    },
    "fuse.same_note": {
        "en": "“Same digit?” needs an interaction: whether the two match depends on both at once. A sum of per-modality scores, f(image) + g(speech), stays at chance; concatenation + MLP and tensor fusion solve it. Fusion that models interactions pays off only when the task needs them.",
        "zh": "“是否同一数字？”需要交互：是否匹配同时取决于两者。按模态得分求和 f(图像) + g(语音) 只能停在随机水平；拼接 + MLP 和张量融合能解决。只有任务需要交互时，建模交互的融合才有回报。",
    },
    "fuse.interaction_title": {
        "en": "Same digit? — the interaction task",
        "zh": "是否同一数字？——交互任务",
    },
    "fuse.interaction_caption": {
        "en": "Interaction = v(both) − v(image) − v(speech) + v(none) of the “same” logit, mean of its absolute value: exactly 0 for an additive model.",
        "zh": "交互 = “相同” logit 的 v(两者) − v(图像) − v(语音) + v(无)，取绝对值的均值：加性模型恰为 0。",
    },
    # attribution
    "fuse.image": {"en": "image", "zh": "图像"},
    "fuse.audio": {"en": "speech", "zh": "语音"},
    "fuse.method.shapley": {
        "en": "Shapley (exact, 2 players)",
        "zh": "Shapley（精确，2 个参与者）",
    },
    "fuse.method.integrated_gradients": {
        "en": "Integrated Gradients (captum)",
        "zh": "积分梯度（captum）",
    },
    "fuse.method.ablation": {"en": "Ablation (blank one)", "zh": "消融（置空一个）"},
    "fuse.attr_intro": {
        "en": "Each modality is one player; “absent” is the drop slider's zeros. Scores are the probability of the class each strategy predicts.",
        "zh": "每个模态是一个参与者；“缺席”即去掉模态时的零输入。得分为每种策略所预测类别的概率。",
    },
    "fuse.attr_pair_title": {
        "en": "Attribution to image and speech — {pair}",
        "zh": "归因到图像与语音 —— {pair}",
    },
    "fuse.attr_axis": {"en": "share of the predicted probability", "zh": "预测概率的贡献"},
    "fuse.attr_table": {"en": "The numbers", "zh": "具体数值"},
    "fuse.coalition_title": {
        "en": "Score of class {cls} with each coalition",
        "zh": "类别 {cls} 在各模态组合（Shapley 联盟）下的得分",
    },
    "fuse.coalition.none": {"en": "none", "zh": "无"},
    "fuse.coalition.image": {"en": "image only", "zh": "仅图像"},
    "fuse.coalition.audio": {"en": "speech only", "zh": "仅语音"},
    "fuse.coalition.both": {"en": "both", "zh": "两者"},
    "fuse.shapley_formula": {
        "en": "φ_image = ½[(v(image) − v(∅)) + (v(both) − v(speech))] = {image:.3f}; φ_speech = {audio:.3f}; together v(both) − v(∅) = {total:.3f}, exactly.",
        "zh": "φ_图像 = ½[(v(图像) − v(∅)) + (v(两者) − v(语音))] = {image:.3f}；φ_语音 = {audio:.3f}；两者之和恰为 v(两者) − v(∅) = {total:.3f}。",
    },
    "fuse.attr_average_title": {"en": "Over the test set", "zh": "在整个测试集上"},
    "fuse.attr_average_run": {"en": "Compute test-set averages", "zh": "计算测试集平均值"},
    "fuse.attr_average_hint": {
        "en": "Shapley and ablation on all test pairs, Integrated Gradients on the first 100, for every strategy: about 10–20 s on this server, then cached for everyone.",
        "zh": "对每种策略：Shapley 和消融用全部测试样本，积分梯度用前 100 个：在本服务器上约需 10–20 秒，之后对所有人缓存。",
    },
    "fuse.attr_average_chart": {
        "en": "Mean attribution to image and speech over the test pairs",
        "zh": "测试样本上图像与语音的平均归因",
    },
    "fuse.attr_average_caption": {
        "en": "Image share = |φ_image| / (|φ_image| + |φ_speech|), averaged. A model that ignores a modality gets exactly 0 for it.",
        "zh": "图像占比 = |φ_图像| / (|φ_图像| + |φ_语音|) 的平均。忽略某模态的模型在该模态上恰为 0。",
    },
    "fuse.signals_title": {
        "en": "Attention weights and gates are not importance",
        "zh": "注意力权重和门控不等于重要性",
    },
    "fuse.signals_chart": {
        "en": "What the model shows (red) vs what the image does (blue), as a modality is replaced",
        "zh": "模型“显示”的（红）与图像实际作用（蓝），在替换某一模态时的对比",
    },
    "fuse.signal": {
        "en": "model's own image weight (gate / attention)",
        "zh": "模型自身的图像权重（门控 / 注意力）",
    },
    "fuse.condition.clean": {"en": "as is", "zh": "原样"},
    "fuse.condition.image_noise": {"en": "image → noise", "zh": "图像 → 噪声"},
    "fuse.condition.audio_noise": {"en": "speech → noise", "zh": "语音 → 噪声"},
    "fuse.condition.image_dropped": {"en": "image dropped", "zh": "去掉图像"},
    "fuse.condition.audio_dropped": {"en": "speech dropped", "zh": "去掉语音"},
    "fuse.signals_lesson": {
        "en": "Replacing the image by noise (same mean and std, no content) cuts the gated model's accuracy from {acc_clean:.0%} to {acc_noise:.0%}, yet its gate still gives the image {gate_clean:.2f} → {gate_noise:.2f} of the weight; the graph's audio→image attention goes {att_clean:.2f} → {att_noise:.2f}. The weights say where the model looks, not what it uses.",
        "zh": "把图像换成噪声（均值与标准差相同，但无内容）后，门控模型的准确率从 {acc_clean:.0%} 降到 {acc_noise:.0%}，但门控给图像的权重仍为 {gate_clean:.2f} → {gate_noise:.2f}；图模型的音频→图像注意力为 {att_clean:.2f} → {att_noise:.2f}。权重说明模型看哪里，而非它用了什么。",
    },
    "fuse.signals_caption": {
        "en": "Gate: mean image weight g of the gated unit. Graph: attention the audio-frame nodes pay to image-patch nodes (mean over frames, heads and layers). Image share: mean Shapley share of the predicted class. Cross-modal attention is left out: its softmax runs over image patches only, so its weight on the image is 1 by construction.",
        "zh": "门控：门控单元的平均图像权重 g。图：音频帧节点对图像块节点的注意力（对帧、头、层取平均）。图像占比：预测类别的 Shapley 平均占比。跨模态注意力未列入：其 softmax 只在图像块上进行，对图像的权重按构造恒为 1。",
    },
    # attention
    "fuse.attention_none": {
        "en": "No attention model on this task: switch to “which digit?”.",
        "zh": "此任务没有注意力模型：请切换到“哪个数字？”。",
    },
    "fuse.attention_intro": {
        "en": "Rows: the 8 audio frames (100 ms each); columns: the 16 image patches (7×7 pixels, row r, column c). Each row is how one frame spreads its attention over the patches. The attention is computed on the noisy pair and drawn over the digit without its noise, so the strokes can be seen.",
        "zh": "行：8 个音频帧（每帧 100 ms）；列：16 个图像块（7×7 像素，第 r 行第 c 列）。每行表示一个音频帧把注意力如何分配到各图像块上。注意力在带噪样本上计算，并画在去噪后的数字上，以便看清笔画。",
    },
    "fuse.attention_weight": {"en": "attention", "zh": "注意力"},
    "fuse.patch_axis": {"en": "image patch", "zh": "图像块"},
    "fuse.frame_axis": {"en": "audio frame", "zh": "音频帧"},
    "fuse.map_title.cross_attention": {
        "en": "Cross-attention: audio frames × image patches",
        "zh": "交叉注意力：音频帧 × 图像块",
    },
    "fuse.map_title.graph_attention": {
        "en": "Graph edges audio frame ← image patch",
        "zh": "图的边：音频帧 ← 图像块",
    },
    "fuse.patch_title.received": {
        "en": "Attention each patch receives",
        "zh": "每个图像块得到的注意力",
    },
    "fuse.patch_title.cross_share": {
        "en": "Each patch's attention to speech",
        "zh": "每个图像块对语音的注意力",
    },
    "fuse.frame_title.peak": {
        "en": "Each frame's strongest patch weight",
        "zh": "每个音频帧的最大图像块权重",
    },
    "fuse.frame_title.cross_share": {
        "en": "Each frame's attention to the image",
        "zh": "每个音频帧对图像的注意力",
    },
    "fuse.map_caption.cross_attention": {
        "en": "Every row sums to 1: each frame must spread all its attention over the image, even when the image is noise.",
        "zh": "每行之和为 1：每个音频帧都必须把全部注意力分给图像，即使图像是噪声。",
    },
    "fuse.map_caption.graph_attention": {
        "en": "GAT coefficients, mean over layers and heads: each node's softmax runs over all its in-edges (its neighbours in its own modality, every node of the other modality, itself), so a row of the map sums to that frame's cross-modal share.",
        "zh": "GAT 系数（对层和头取平均）：每个节点的 softmax 覆盖其所有入边（本模态相邻节点、另一模态所有节点及自身），所以图中每行之和为该帧的跨模态占比。",
    },
    # compare
    "fuse.compare": {"en": "Two strategies", "zh": "两种策略"},
    "fuse.compare_hint": {
        "en": "Pick two strategies to compare.",
        "zh": "请选择两种策略进行比较。",
    },
    "fuse.compare_probs": {
        "en": "Probabilities of the two strategies on this pair",
        "zh": "两种策略在该样本上的概率",
    },
    "fuse.acc_here": {"en": "accuracy at this noise", "zh": "该噪声下准确率"},
    "fuse.compare_attr": {
        "en": "Attribution of {strategy} on this pair",
        "zh": "{strategy} 在该样本上的归因",
    },
    # training
    "fuse.train_intro": {
        "en": "Same data, noise, seed and optimiser as the script that made the shipped weights (digit task). With the shipped epochs and hidden size, the shipped accuracy comes back within a point or two.",
        "zh": "与生成随附权重的脚本使用相同的数据、噪声、随机种子和优化器（数字任务）。使用随附的轮数和隐藏层大小时，准确率与随附值相差一两个百分点以内。",
    },
    "fuse.train_digit_only": {
        "en": "Live training retrains the “which digit?” strategies.",
        "zh": "实时训练用于重新训练“哪个数字？”任务的策略。",
    },
    "fuse.train_strategy": {"en": "Strategy to retrain", "zh": "要重新训练的策略"},
    "fuse.epochs": {"en": "epochs", "zh": "训练轮数"},
    "fuse.hidden": {"en": "hidden size", "zh": "隐藏层大小"},
    "fuse.hidden_help": {
        "en": "Width of the fusion head's hidden layer; the shipped model has {shipped}.",
        "zh": "融合头隐藏层的宽度；随附模型为 {shipped}。",
    },
    "fuse.train_run": {"en": "Train", "zh": "开始训练"},
    "fuse.train_hint": {
        "en": "A few seconds per 10 epochs on this server; the result is kept for everyone who asks for the same settings.",
        "zh": "在本服务器上每 10 轮约需几秒；相同设置的结果会为所有人保留。",
    },
    "fuse.train_title": {"en": "Retraining {strategy}", "zh": "重新训练 {strategy}"},
    "fuse.train_accuracy": {"en": "train accuracy (running)", "zh": "训练准确率（滚动）"},
    "fuse.test_accuracy": {"en": "test accuracy", "zh": "测试准确率"},
    "fuse.shipped": {"en": "shipped weights", "zh": "随附权重"},
    "fuse.retrained": {"en": "retrained here", "zh": "此处重新训练"},
    "fuse.epoch": {"en": "epoch", "zh": "轮次"},
    "fuse.train_table": {"en": "Shipped vs retrained", "zh": "随附与重新训练对比"},
    "fuse.train_caption": {
        "en": "The shipped weights were trained with {threads} torch thread(s); another thread count changes the float sums, so the same settings can land a little apart.",
        "zh": "随附权重使用 {threads} 个 torch 线程训练；线程数不同会改变浮点求和顺序，因此相同设置的结果可能略有差异。",
    },
}
