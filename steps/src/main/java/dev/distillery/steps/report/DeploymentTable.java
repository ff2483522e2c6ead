package dev.distillery.steps.report;

import dev.distillery.steps.export.DeployedVariants;
import java.util.List;
import java.util.Locale;

/**
 * The report's table of what ships: each shipped student's TorchScript export in float32 and in
 * int8, with accuracy, agreement with the float file, bytes and latency per image.
 */
final class DeploymentTable {

    private DeploymentTable() {}

    /** Appends the heading, table and its explanation to {@code page}; nothing without rows. */
    static void append(StringBuilder page, List<StudentDeployment> deployments) {
        if (deployments.isEmpty()) {
            return;
        }
        page.append("<h2>Deployment: float32 and int8</h2>\n<table class=\"deployment\">\n")
                .append("<tr><th>student</th><th>variant</th><th>precision</th>")
                .append("<th>accuracy</th><th>agrees with float32</th><th>bytes</th>")
                .append("<th>ms / image, batch 1</th><th>ms / image, batch 256</th></tr>\n");
        for (StudentDeployment deployment : deployments) {
            for (DeployedVariants.Variant variant : deployment.variants()) {
                page.append("<tr><td>")
                        .append(ReportPage.escape(deployment.student()))
                        .append("</td><td>")
                        .append(ReportPage.escape(deployment.variant()))
                        .append("</td><td>")
                        .append(variant.precision().label())
                        .append("</td><td>")
                        .append(ReportPage.percent(variant.accuracy(), null))
                        .append("</td><td>")
                        .append(String.format(Locale.ROOT, "%.2f %%", variant.agreement() * 100))
                        .append("</td><td>")
                        .append(String.format(Locale.ROOT, "%,d", variant.bytes()))
                        .append("</td><td>")
                        .append(millis(variant.millisPerImage()))
                        .append("</td><td>")
                        .append(millis(variant.millisPerImageInBatches()))
                        .append("</td></tr>\n");
            }
        }
        page.append("</table>\n<p>Each student's shipped variant (the chosen setting's seed with")
                .append(" the best validation accuracy) exported as TorchScript, in float32 and in")
                .append(" int8 as PyTorch's dynamic quantization makes it (linear layers' weights")
                .append(" int8, activations quantized per batch, convolutions float), each file")
                .append(" run by libtorch on this step's CPU and scored on the ")
                .append(ReportPage.escape(deployments.get(0).split()))
                .append(" split. Bytes are the model.pt file's; the times are of the forward")
                .append(" pass alone on an input already prepared (tensor in, logits out), the")
                .append(" median of 200 passes of one image and of 10 passes of 256 images, per")
                .append(" image, after 5 passes not counted.</p>\n");
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
