"""Analysis of multimodal fusion models (image + speech): robustness to noise and missing
modalities, how much of a prediction each modality carries, and whether attention or gate values
say the same thing. Models follow the zoo's fusion interface: ``model(image, audio) -> logits``."""
