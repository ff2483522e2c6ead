package dev.distillery.steps.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A student network during hint training: in training mode it gives its logits and its hint feature
 * map mapped to the teacher's channels by a learned 1x1-conv adapter; in inference mode only the
 * logits, exactly as the bare student. The adapter is thrown away with the training run.
 */
final class HintedStudent extends AbstractBlock {
    private final SequentialBlock student;
    private final Conv2d adapter;
    private final HintLayer hint;

    HintedStudent(SequentialBlock student, HintLayer hint, long teacherChannels) {
        super((byte) 1);
        this.hint = hint;
        this.student = addChildBlock("student", student);
        this.adapter =
                addChildBlock(
                        "adapter",
                        Conv2d.builder()
                                .setKernelShape(new Shape(1, 1))
                                .setFilters((int) teacherChannels)
                                .build());
    }

    /** The bare student network, whose parameters are the ones saved. */
    SequentialBlock student() {
        return student;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameters,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (!training) {
            return student.forward(parameters, inputs, false, params);
        }
        NDList features = hint.forwardTo(student, parameters, inputs, true);
        NDList logits = hint.forwardFrom(student, parameters, features, true);
        NDList adapted = adapter.forward(parameters, features, true, params);
        return new NDList(logits.singletonOrThrow(), adapted.singletonOrThrow());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return student.getOutputShapes(inputShapes);
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        student.initialize(manager, dataType, inputShapes);
        adapter.initialize(manager, dataType, hint.features());
    }
}
