"""What is learned from data: the sentence classifier and its combination with the rules.

    classifier      the shipped event classifier (int8 ONNX, run with onnxruntime and tokenizers)
    combine         a stacked score of what the classifier and the rules say about each category
    training_data   development and training examples, folds
    training        fine-tuning and export of the classifier (`sanderling train`, needs the [train] extra)
"""
