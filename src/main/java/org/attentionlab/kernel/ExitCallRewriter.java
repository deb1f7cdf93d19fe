package org.attentionlab.kernel;

import java.nio.charset.StandardCharsets;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a cell's compiled classes so that their calls to {@code System.exit},
 * {@code Runtime.exit} and {@code Runtime.halt} go to {@link ExitGuard}, which refuses them.
 *
 * <p>Each rewritten call takes the same operands off the stack as the original
 * ({@code Runtime.exit(int)} on a receiver becomes a static call taking the receiver first), so no
 * stack map frame changes and the class is copied otherwise unchanged. Method references
 * ({@code System::exit}) are {@code invokedynamic} instructions whose bootstrap arguments name the
 * target as a method handle; those handles are redirected the same way.
 */
final class ExitCallRewriter {
    private static final String GUARD = ExitGuard.class.getName().replace('.', '/');
    private static final String SYSTEM = "java/lang/System";
    private static final String RUNTIME = "java/lang/Runtime";
    private static final String RUNTIME_EXIT_DESC = "(Ljava/lang/Runtime;I)V";

    private ExitCallRewriter() {
    }

    /** The class with its exit calls redirected; the same array if it has none. */
    static byte[] rewrite(byte[] classFile) {
        if (!mentions(classFile, SYSTEM) && !mentions(classFile, RUNTIME)) {
            return classFile;
        }
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        boolean[] changed = new boolean[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String signature, String[] exceptions) {
                return new Redirect(super.visitMethod(access, name, desc, signature, exceptions), changed);
            }
        }, 0);
        return changed[0] ? writer.toByteArray() : classFile;
    }

    private static final class Redirect extends MethodVisitor {
        private final boolean[] changed;

        Redirect(MethodVisitor next, boolean[] changed) {
            super(Opcodes.ASM9, next);
            this.changed = changed;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            if (opcode == Opcodes.INVOKESTATIC && owner.equals(SYSTEM) && name.equals("exit") && desc.equals("(I)V")) {
                changed[0] = true;
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, "exit", "(I)V", false);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(RUNTIME) && isExitOrHalt(name, desc)) {
                changed[0] = true;
                super.visitMethodInsn(Opcodes.INVOKESTATIC, GUARD, guardName(name), RUNTIME_EXIT_DESC, false);
            } else {
                super.visitMethodInsn(opcode, owner, name, desc, isInterface);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... args) {
            Object[] redirected = args.clone();
            for (int i = 0; i < redirected.length; i++) {
                redirected[i] = redirect(redirected[i]);
            }
            super.visitInvokeDynamicInsn(name, desc, bootstrap, redirected);
        }

        @Override
        public void visitLdcInsn(Object value) {
            super.visitLdcInsn(redirect(value));
        }

        private Object redirect(Object constant) {
            if (!(constant instanceof Handle h)) {
                return constant;
            }
            if (h.getTag() == Opcodes.H_INVOKESTATIC && h.getOwner().equals(SYSTEM) && h.getName().equals("exit")
                    && h.getDesc().equals("(I)V")) {
                changed[0] = true;
                return new Handle(Opcodes.H_INVOKESTATIC, GUARD, "exit", "(I)V", false);
            }
            if (h.getTag() == Opcodes.H_INVOKEVIRTUAL && h.getOwner().equals(RUNTIME) && isExitOrHalt(h.getName(), h.getDesc())) {
                changed[0] = true;
                return new Handle(Opcodes.H_INVOKESTATIC, GUARD, guardName(h.getName()), RUNTIME_EXIT_DESC, false);
            }
            return constant;
        }
    }

    private static boolean isExitOrHalt(String name, String desc) {
        return (name.equals("exit") || name.equals("halt")) && desc.equals("(I)V");
    }

    private static String guardName(String runtimeMethod) {
        return runtimeMethod.equals("exit") ? "runtimeExit" : "runtimeHalt";
    }

    /** Whether the class file contains {@code text} (a class name in its constant pool) at all: a cheap pre-check. */
    private static boolean mentions(byte[] classFile, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= classFile.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (classFile[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
