package dev.distillery.steps.imported;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.distillery.contract.DistilleryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * The contents of {@code teacher.json}, the declared contract of a teacher trained elsewhere: which
 * file holds the network and in which format, what input it takes, and which class each of its
 * outputs is. A folder with this file (instead of Distillery's {@code model.json}) is an imported
 * teacher.
 *
 * @param format {@code torchscript} (run by DJL's PyTorch engine) or {@code onnx} (ONNX Runtime)
 * @param file the network's file in the folder; default {@code model.pt} or {@code model.onnx}
 * @param input the input the network takes
 * @param classNames the class of each output logit, in output order
 * @param parameters the network's parameter count, if known (reported as the teacher's size)
 */
public record TeacherContract(
        String format, String file, InputContract input, List<String> classNames, Long parameters) {

    /** The file name that marks a folder as an imported teacher. */
    public static final String FILE = "teacher.json";

    /** The formats an imported teacher may have. */
    public static final List<String> FORMATS = List.of("torchscript", "onnx");

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Whether {@code folder} holds an imported teacher. */
    public static boolean isImported(Path folder) {
        return Files.isRegularFile(folder.resolve(FILE));
    }

    /** Reads and checks the contract in {@code folder}; anything wrong is bad input naming it. */
    public static TeacherContract read(Path folder) {
        Path file = folder.resolve(FILE);
        TeacherContract raw;
        try {
            raw = JSON.readValue(file.toFile(), TeacherContract.class);
        } catch (IOException e) {
            throw DistilleryException.badInput(
                    "teacher contract " + file + " is not valid: " + e.getMessage(), e);
        }
        return raw.checked(file.toString());
    }

    /** This contract with defaults filled in; bad input naming {@code where} if it is not valid. */
    TeacherContract checked(String where) {
        List<String> problems = new ArrayList<>();
        String fmt = format == null ? null : format.toLowerCase(Locale.ROOT);
        if (fmt == null || !FORMATS.contains(fmt)) {
            problems.add("format must be one of " + FORMATS + ", got " + format);
        }
        if (input == null) {
            problems.add("input is required (channels, height, width, layout, mean, std)");
        } else {
            problems.addAll(input.problems());
        }
        if (classNames == null || classNames.isEmpty()) {
            problems.add("classNames is required: the class of each output, in output order");
        } else if (new HashSet<>(classNames).size() != classNames.size()) {
            problems.add("classNames has duplicates: " + classNames);
        }
        if (file != null && (file.isBlank() || file.contains("/") || file.contains(".."))) {
            problems.add("file must be a file name in the teacher's folder, got '" + file + "'");
        }
        if (parameters != null && parameters < 0) {
            problems.add("parameters must be >= 0, got " + parameters);
        }
        if (!problems.isEmpty()) {
            throw DistilleryException.badInput(
                    "teacher contract " + where + ": " + String.join("; ", problems));
        }
        String name = file != null ? file : fmt.equals("onnx") ? "model.onnx" : "model.pt";
        return new TeacherContract(fmt, name, input, List.copyOf(classNames), parameters);
    }

    /** Whether the network runs on ONNX Runtime (else the PyTorch engine). */
    public boolean onnx() {
        return format.equals("onnx");
    }

    /** Number of classes (output logits). */
    public int classes() {
        return classNames.size();
    }

    /**
     * For each class of the data (in the data's order), the index of the network output that is
     * that class; bad input naming both lists unless they hold the same names.
     */
    public int[] outputOf(List<String> dataClassNames, String teacherName, String dataName) {
        if (dataClassNames.size() != classNames.size()
                || !new HashSet<>(dataClassNames).equals(new HashSet<>(classNames))) {
            throw DistilleryException.badInput(
                    "teacher "
                            + teacherName
                            + " declares "
                            + classNames.size()
                            + " classes "
                            + classNames
                            + " but the data "
                            + dataName
                            + " has "
                            + dataClassNames.size()
                            + " classes "
                            + dataClassNames
                            + ": "
                            + FILE
                            + "'s classNames must name the data's classes, in the teacher's"
                            + " output order");
        }
        int[] out = new int[dataClassNames.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = classNames.indexOf(dataClassNames.get(c));
        }
        return out;
    }
}
