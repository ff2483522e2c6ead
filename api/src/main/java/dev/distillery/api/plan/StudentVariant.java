package dev.distillery.api.plan;

import dev.distillery.api.spec.TrainingSpec;

/**
 * One student as it is trained: a student of the spec with the temperature, alpha and seed a sweep
 * gave it (or its own), under a name unique in the Distillation.
 *
 * @param name the variant's name, the student's name plus its swept values
 * @param student the name of the student in the spec
 * @param model the model spec
 * @param temperature the softmax temperature
 * @param alpha the weight of the soft-label term
 * @param training the training settings, with the variant's seed
 */
public record StudentVariant(
        String name,
        String student,
        String model,
        double temperature,
        double alpha,
        TrainingSpec training) {}
