package org.unetfiji.ij1;

import java.io.File;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;

import ij.IJ;
import ij.gui.GenericDialog;

/**
 * An ImageJ dialog for a SciJava command's text, file, number and yes/no parameters, each labelled with its
 * {@code ./unet} key: the parameter name, with a camel-case name written as words joined by hyphens
 * ({@code borderWeight} is {@code border-weight}), since Java names cannot hold hyphens. So the macro keys are the
 * {@code ./unet} keys. In a macro, the values come from the macro's options; interactively, the dialog records
 * them for the macro recorder.
 */
final class MacroDialog {

	private MacroDialog() {}

	/**
	 * Asks for the module's parameters and sets them as resolved inputs.
	 *
	 * @return false when the user cancelled the dialog
	 */
	static boolean ask(Module module, String title) {
		GenericDialog dialog = new GenericDialog(title);
		List<ModuleItem<?>> asked = new ArrayList<>();
		for (ModuleItem<?> item : module.getInfo().inputs())
			if (add(dialog, item, item.getValue(module))) asked.add(item);
		dialog.showDialog();
		if (dialog.wasCanceled()) return false;
		for (ModuleItem<?> item : asked) {
			module.setInput(item.getName(), read(dialog, item.getType()));
			module.resolveInput(item.getName());
		}
		if (!dialog.invalidNumber()) return true;
		IJ.error(title, dialog.getErrorMessage());
		return false;
	}

	/** Adds a field for a parameter of a type a dialog can ask for; false for other inputs (services, images). */
	private static boolean add(GenericDialog dialog, ModuleItem<?> item, Object value) {
		Class<?> type = item.getType();
		String key = key(item.getName());
		if (type == String.class) dialog.addStringField(key, value == null ? "" : (String) value, 25);
		else if (type == File.class) {
			String path = value == null ? "" : value.toString();
			if (FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())) dialog.addDirectoryField(key, path, 25);
			else dialog.addFileField(key, path, 25);
		}
		else if (type == boolean.class) dialog.addCheckbox(key, (Boolean) value);
		else if (type == int.class) dialog.addNumericField(key, (Integer) value, 0);
		else if (type == double.class) dialog.addNumericField(key, (Double) value, decimals((Double) value));
		else return false;
		return true;
	}

	/** The {@code ./unet} key of a parameter name: {@code freezeEncoder} is {@code freeze-encoder}. */
	static String key(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static Object read(GenericDialog dialog, Class<?> type) {
		if (type == String.class) return dialog.getNextString().strip();
		if (type == File.class) {
			String path = dialog.getNextString().strip();
			return path.isEmpty() ? null : new File(path);
		}
		if (type == boolean.class) return dialog.getNextBoolean();
		double number = dialog.getNextNumber();
		return type == int.class ? (Object) (int) Math.round(number) : (Object) number;
	}

	/** Decimal places that show a default value exactly (0.001 needs 3). */
	private static int decimals(double value) {
		return Math.max(0, Math.min(9, BigDecimal.valueOf(value).stripTrailingZeros().scale()));
	}
}
