package dev.distillery.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distillery.api.Distillation;
import dev.distillery.api.DistillationYaml;
import dev.distillery.contract.ExitCodes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValidationTest {

    static final String VALID =
            """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata:
              name: demo
            spec:
              dataset:
                name: fashion-mnist
              storage:
                uri: s3://bucket/runs
                endpoint: http://minio:9000
                credentialsSecret: s3-credentials
              teacher:
                model: cnn:16,32
                ensemble: 2
                training:
                  epochs: 3
              students:
                - name: small
                  model: mlp:64
                  temperature: 4
                  alpha: 0.7
                - name: tiny
                  model: cnn:4,8
            """;

    static List<FieldError> errors(String yaml) {
        DistillationYaml.Parsed parsed = DistillationYaml.parseWithoutValidation(yaml);
        assertThat(parsed.errors()).as("parse errors").isEmpty();
        return Validation.validate(parsed.distillation());
    }

    static String spec(String specBody) {
        return """
            apiVersion: distillery.dev/v1alpha1
            kind: Distillation
            metadata:
              name: demo
            spec:
            """
                + specBody.stripIndent().indent(2);
    }

    @Test
    void theValidSpecHasNoErrors() {
        assertThat(errors(VALID)).isEmpty();
    }

    @Test
    void aSpecWithSeveralMistakesListsThemAll() {
        String yaml =
                VALID.replace("alpha: 0.7", "alpha: 1.5")
                        .replace("temperature: 4", "temperature: 0")
                        .replace("model: cnn:4,8", "model: transformer:12")
                        .replace("name: tiny", "name: small")
                        .replace("epochs: 3", "epochs: 0");

        List<FieldError> errors = errors(yaml);

        assertThat(errors)
                .extracting(FieldError::toString)
                .containsExactlyInAnyOrder(
                        "spec.teacher.training.epochs: must be between 1 and 1000, not 0",
                        "spec.students[0].temperature: must be greater than 0 and at most 100,"
                                + " not 0.0",
                        "spec.students[0].alpha: must be between 0 and 1, not 1.5",
                        "spec.students[1].model: unknown model family 'transformer' in"
                                + " 'transformer:12': use mlp, cnn or resnet (e.g. mlp:1200,1200,"
                                + " cnn:32,64, resnet:16,32,64)",
                        "spec.students[1].name: 'small' is already the name of"
                                + " spec.students[0]: names must be unique");
        assertThatThrownBy(
                        () ->
                                Validation.check(
                                        DistillationYaml.parseWithoutValidation(yaml)
                                                .distillation(),
                                        "demo.yaml"))
                .isInstanceOf(InvalidDistillationException.class)
                .hasMessageStartingWith("demo.yaml is not a valid Distillation (5 problems):")
                .satisfies(
                        e ->
                                assertThat(((InvalidDistillationException) e).exitCode())
                                        .isEqualTo(ExitCodes.BAD_INPUT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            no students                 | students: []                                 | spec.students | at least one student is required
            alpha above one             | students: [{name: s, model: mlp:8, alpha: 1.01}] | spec.students[0].alpha | must be between 0 and 1, not 1.01
            alpha below zero            | students: [{name: s, model: mlp:8, alpha: -0.1}] | spec.students[0].alpha | must be between 0 and 1, not -0.1
            temperature zero            | students: [{name: s, model: mlp:8, temperature: 0}] | spec.students[0].temperature | must be greater than 0 and at most 100, not 0.0
            temperature negative        | students: [{name: s, model: mlp:8, temperature: -2}] | spec.students[0].temperature | must be greater than 0 and at most 100, not -2.0
            student name uppercase      | students: [{name: Small, model: mlp:8}]      | spec.students[0].name | 'Small' must be at most 20 lowercase letters, digits and '-', starting with a letter and not ending with '-' (it becomes part of Job names)
            student name too long       | students: [{name: a-very-long-student-name, model: mlp:8}] | spec.students[0].name | 'a-very-long-student-name' must be at most 20 lowercase letters, digits and '-', starting with a letter and not ending with '-' (it becomes part of Job names)
            student name missing        | students: [{model: mlp:8}]                   | spec.students[0].name | is required
            student model missing       | students: [{name: s}]                        | spec.students[0].model | is required, for example mlp:128 or cnn:8,16
            model sizes not integers    | students: [{name: s, model: 'mlp:12,x'}]     | spec.students[0].model | 'mlp:12,x' is not family:sizes with positive comma-separated integers and optional ;name=value options (e.g. mlp:1200,1200, cnn:32,64, resnet:16,32,64)
            model without sizes         | students: [{name: s, model: cnn}]            | spec.students[0].model | 'cnn' is not family:sizes with positive comma-separated integers and optional ;name=value options (e.g. mlp:1200,1200, cnn:32,64, resnet:16,32,64)
            empty student               | students: [null]                             | spec.students[0] | must be a student with a name and a model
            batch size zero             | students: [{name: s, model: mlp:8, training: {batchSize: 0}}] | spec.students[0].training.batchSize | must be between 1 and 65536, not 0
            learning rate zero          | students: [{name: s, model: mlp:8, training: {learningRate: 0}}] | spec.students[0].training.learningRate | must be greater than 0 and at most 10, not 0.0
            negative seed               | students: [{name: s, model: mlp:8, training: {seed: -1}}] | spec.students[0].training.seed | must not be negative, not -1
            weight decay above one      | students: [{name: s, model: mlp:8, training: {weightDecay: 2}}] | spec.students[0].training.weightDecay | must be between 0 and 1, not 2.0
            warm-up as long as training | students: [{name: s, model: mlp:8, training: {epochs: 3, warmupEpochs: 3}}] | spec.students[0].training.warmupEpochs | must be at least 0 and fewer than epochs (3), not 3
            negative patience           | students: [{name: s, model: mlp:8, training: {earlyStopping: -1}}] | spec.students[0].training.earlyStopping | must be between 0 and 1000, not -1
            label smoothing of one      | students: [{name: s, model: mlp:8, training: {labelSmoothing: 1}}] | spec.students[0].training.labelSmoothing | must be at least 0 and below 1, not 1.0
            hints with stored labels    | students: [{name: s, model: 'cnn:4', hintWeight: 1}] | spec.students[0].hintWeight | needs spec.softLabels.mode consistent: hints match the teacher's feature maps, so the teacher must run in the student's step
            negative hint weight        | students: [{name: s, model: 'cnn:4', hintWeight: -1}] | spec.students[0].hintWeight | must be between 0 and 1000, not -1.0
            """)
    void rejectsStudentMistakes(String title, String students, String path, String reason) {
        String yaml =
                spec(
                        """
                        dataset: {name: fashion-mnist}
                        teacher: {model: 'cnn:8,16'}
                        """
                                + students);

        assertThat(errors(yaml)).containsExactly(new FieldError(path, reason));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            dataset missing             | teacher: {model: 'cnn:8'}                               | spec.dataset | is required: set dataset.name or dataset.uri
            dataset name and uri        | dataset: {name: mnist, uri: 'file:///d'}\\nteacher: {model: 'cnn:8'} | spec.dataset | set exactly one of name and uri
            unknown dataset name        | dataset: {name: cifar}\\nteacher: {model: 'cnn:8'}       | spec.dataset.name | unknown dataset 'cifar': use one of fashion-mnist, mnist, or give dataset.uri
            dataset uri scheme          | dataset: {uri: 'http://x/d'}\\nteacher: {model: 'cnn:8'} | spec.dataset.uri | 'http://x/d' must be a file:// or s3:// URI
            dataset limit zero          | dataset: {name: mnist, limit: 0}\\nteacher: {model: 'cnn:8'} | spec.dataset.limit | must be at least 1
            storage uri scheme          | dataset: {name: mnist}\\nstorage: {uri: 'gs://b'}\\nteacher: {model: 'cnn:8'} | spec.storage.uri | 'gs://b' must be a file:// or s3:// URI
            storage endpoint            | dataset: {name: mnist}\\nstorage: {uri: 's3://b', endpoint: 'minio:9000'}\\nteacher: {model: 'cnn:8'} | spec.storage.endpoint | 'minio:9000' must be an http:// or https:// URL
            storage secret name         | dataset: {name: mnist}\\nstorage: {uri: 's3://b', credentialsSecret: 'My_Secret'}\\nteacher: {model: 'cnn:8'} | spec.storage.credentialsSecret | 'My_Secret' must be a DNS-1123 subdomain (lowercase, digits, '-', '.')
            storage region              | dataset: {name: mnist}\\nstorage: {uri: 's3://b', region: 'EU Central'}\\nteacher: {model: 'cnn:8'} | spec.storage.region | 'EU Central' is not a region name such as eu-central-1
            storage addressing style    | dataset: {name: mnist}\\nstorage: {uri: 's3://b', addressingStyle: 'dns'}\\nteacher: {model: 'cnn:8'} | spec.storage.addressingStyle | 'dns' is not one of path, virtual or auto
            s3 settings on file storage | dataset: {name: mnist}\\nstorage: {uri: 'file:///tmp/x', endpoint: 'http://m:9000'}\\nteacher: {model: 'cnn:8'} | spec.storage | endpoint and credentialsSecret apply to s3:// storage only, not file:///tmp/x
            teacher missing             | dataset: {name: mnist}                                  | spec.teacher | is required: set model (and ensemble), members or pretrained
            teacher two ways            | dataset: {name: mnist}\\nteacher: {model: 'cnn:8', pretrained: ['s3://b/t']} | spec.teacher | set exactly one of model (with optional ensemble), members and pretrained, not 2
            teacher no way              | dataset: {name: mnist}\\nteacher: {training: {epochs: 2}} | spec.teacher | set exactly one of model (with optional ensemble), members and pretrained
            ensemble too large          | dataset: {name: mnist}\\nteacher: {model: 'cnn:8', ensemble: 9} | spec.teacher.ensemble | must be between 1 and 8, not 9
            ensemble without model      | dataset: {name: mnist}\\nteacher: {members: [{model: 'cnn:8'}], ensemble: 2} | spec.teacher.ensemble | needs teacher.model: every member trains that model
            ensemble of one with members | dataset: {name: mnist}\\nteacher: {members: [{model: 'cnn:8'}], ensemble: 1} | spec.teacher.ensemble | needs teacher.model: every member trains that model
            ensemble with pretrained    | dataset: {name: mnist}\\nteacher: {pretrained: ['s3://b/t'], ensemble: 2} | spec.teacher.ensemble | needs teacher.model: every member trains that model
            member model                | dataset: {name: mnist}\\nteacher: {members: [{model: 'cnn:8'}, {model: 'rnn:8'}]} | spec.teacher.members[1].model | unknown model family 'rnn' in 'rnn:8': use mlp, cnn or resnet (e.g. mlp:1200,1200, cnn:32,64, resnet:16,32,64)
            no members                  | dataset: {name: mnist}\\nteacher: {members: []}         | spec.teacher.members | must list 1 to 8 members, not 0
            pretrained uri              | dataset: {name: mnist}\\nteacher: {pretrained: ['/models/t']} | spec.teacher.pretrained[0] | '/models/t' must be a file:// or s3:// URI
            """)
    void rejectsDataStorageAndTeacherMistakes(
            String title, String body, String path, String reason) {
        String yaml = spec(body.replace("\\n", "\n") + "\nstudents: [{name: s, model: 'mlp:8'}]");

        assertThat(errors(yaml)).containsExactly(new FieldError(path, reason));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            online with a sweep         | mode: online\\nsweep: {seed: [1, 2]} | spec.sweep | mode online trains each student once in one group: sweeps need mode offline
            online warm-up too long     | mode: online\\nonline: {teacherWarmupEpochs: 10} | spec.online.teacherWarmupEpochs | must be at least 0 and fewer than teacher.training.epochs (10), not 10
            online student training     | mode: online\\nstudents: [{name: s, model: 'mlp:8', training: {epochs: 3}}] | spec.students[0].training | mode online trains the whole group with teacher.training: remove it
            online alpha                | mode: online\\nonline: {alpha: 1.5} | spec.online.alpha | must be between 0 and 1, not 1.5
            online calibrated labels    | mode: online\\nsoftLabels: {calibrate: true} | spec.softLabels.calibrate | mode online stores no soft labels: the group learns from its peers
            parallelism zero            | parallelism: 0                 | spec.parallelism | must be between 1 and 64, not 0
            shards too many             | softLabels: {shards: 33}       | spec.softLabels.shards | must be between 1 and 32, not 33
            consistent with views       | softLabels: {mode: consistent, views: 4} | spec.softLabels.views | applies to stored soft labels; mode consistent labels a fresh view of every batch (set the students' training.augment instead)
            augment without views       | softLabels: {shards: 1}\\nstudents: [{name: s, model: 'mlp:8', training: {augment: true}}] | spec.students[0].training.augment | the stored soft labels are of the plain images (spec.softLabels.views is absent), so the distilled student would train on plain images and its scratch twin on augmented ones: set spec.softLabels.views to label augmented views the student replays, or spec.softLabels.mode consistent, or drop augment
            views without augment       | softLabels: {views: 4} | spec.students[0].training.augment | must be true: spec.softLabels.views labels augmented views, which the distilled student replays, so its scratch twin must train on augmented images too
            consistent with calibration | softLabels: {mode: consistent, calibrate: true} | spec.softLabels.calibrate | applies to stored soft labels; mode consistent has no soft-labels step
            hints with an MLP student   | softLabels: {mode: consistent}\\nstudents: [{name: h, model: 'mlp:8', hintWeight: 1}] | spec.students[0].hintWeight | needs a convolutional student (cnn or resnet), not mlp:8
            cpu quantity                | resources: {teacher: {cpu: two}} | spec.resources.teacher.cpu | 'two' is not a CPU quantity (2, 0.5, 500m)
            memory quantity             | resources: {students: {memory: 4GB}} | spec.resources.students.memory | '4GB' is not a memory quantity (4Gi, 512Mi)
            gpu negative                | resources: {softLabels: {gpu: -1}} | spec.resources.softLabels.gpu | must be between 0 and 16, not -1
            queue name                  | queueName: Team_Queue          | spec.queueName | 'Team_Queue' must be a DNS-1123 subdomain (lowercase, digits, '-', '.')
            service account             | pod: {serviceAccountName: 'a b'} | spec.pod.serviceAccountName | 'a b' must be a DNS-1123 subdomain (lowercase, digits, '-', '.')
            ttl negative                | ttlSecondsAfterFinished: -5    | spec.ttlSecondsAfterFinished | must not be negative
            sweep alpha range           | sweep: {alpha: [0.5, 1.2]}     | spec.sweep.alpha[1] | must be between 0 and 1, not 1.2
            sweep temperature range     | sweep: {temperature: [0, 2]}   | spec.sweep.temperature[0] | must be greater than 0 and at most 100, not 0.0
            sweep duplicate             | sweep: {temperature: [2, 4, 2]} | spec.sweep.temperature[2] | 2.0 is listed twice
            sweep empty grid            | sweep: {seed: []}              | spec.sweep.seed | must list 1 to 16 values, not 0
            sweep negative seed         | sweep: {seed: [1, -2]}         | spec.sweep.seed[1] | must not be negative
            sweep too large             | sweep: {temperature: [1, 2, 3, 4, 5, 6, 7, 8], alpha: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]} | spec.sweep | expands 1 students into 72 variants, more than 64: shorten the grids or split the sweep into several Distillations (they share the teacher through the store)
            """)
    void rejectsRunSettingMistakes(String title, String body, String path, String reason) {
        String students =
                body.contains("\\nstudents:") ? "" : "students: [{name: s, model: 'mlp:8'}]\n";
        String yaml =
                spec(
                        "dataset: {name: mnist}\nteacher: {model: 'cnn:8'}\n"
                                + students
                                + body.replace("\\n", "\n"));

        assertThat(errors(yaml)).containsExactly(new FieldError(path, reason));
    }

    @Test
    void variantNamesMustLeaveRoomInJobNames() {
        String yaml =
                spec(
                        """
                        dataset: {name: mnist}
                        teacher: {model: 'cnn:8'}
                        students:
                          - {name: abcdefghijklmnopqrst, model: 'mlp:8'}
                        sweep: {temperature: [12.345], alpha: [0.125], seed: [1234567]}
                        """);

        assertThat(errors(yaml))
                .containsExactly(
                        new FieldError(
                                "spec.sweep",
                                "variant name 'abcdefghijklmnopqrst-t12p345-a0p125-s1234567' is"
                                        + " longer than 40 characters: use a shorter student name"
                                        + " or rounder values"));
    }

    @Test
    void theResourceNeedsADnsLabelName() {
        Distillation d = DistillationYaml.parseWithoutValidation(VALID).distillation();
        d.getMetadata().setName("My.Run");

        assertThat(Validation.validate(d))
                .extracting(FieldError::path)
                .containsExactly("metadata.name");
    }
}
