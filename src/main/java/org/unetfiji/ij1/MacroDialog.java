package org.unetfiji.ij1;

import java.awt.Choice;
import java.awt.Component;
import java.awt.Label;
import java.io.File;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.swing.JFileChooser;
import javax.swing.filechooser.FileNameExtensionFilter;

import org.scijava.ItemVisibility;
import org.scijava.module.MethodCallException;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.widget.FileWidget;
import org.unetfiji.fiji.ImageOrPath;
import org.unetfiji.fiji.ModelFolder;
import org.unetfiji.fiji.UNetSegment;

import ij.IJ;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;

/**
 * An ImageJ dialog for a SciJava command's text, file, number and yes/no parameters, each labelled with its
 * {@code ./unet} key: the parameter name, with a camel-case name written as words joined by hyphens
 * ({@code borderWeight} is {@code border-weight}), since Java names cannot hold hyphens. So the macro keys are the
 * {@code ./unet} keys. In a macro, the values come from the macro's options; interactively, the dialog records
 * them for the macro recorder. A text parameter with choices is a drop-down (a macro may still give any value, as
 * before); so is an image key ({@link ImageOrPath}) while images are open: their titles, then an item that asks
 * for a folder (or a file) and puts its path into the list, which is what the recorder writes; and so is a model key
 * ({@link ModelFolder}): the installed models, then an item that asks for a model folder or .zip. A message item shows
 * text its command's callbacks set (the chosen model's description); a help button opens the docs page of the Fiji
 * commands.
 */
final class MacroDialog {

	/** The help button's page: the Fiji commands, their keys and macros. */
	private static final String HELP = "https://github.com/unetfiji/unet-fiji/blob/main/docs/fiji.md";

	private MacroDialog() {}

	/**
	 * Asks for the module's parameters and sets them as resolved inputs.
	 *
	 * @return false when the user cancelled the dialog
	 */
	static boolean ask(Module module, String title) {
		String macroOptions = Macro.getOptions();
		GenericDialog dialog = new GenericDialog(title);
		List<ModuleItem<?>> asked = new ArrayList<>();
		Map<Choice, ModuleItem<?>> choices = new LinkedHashMap<>();
		Map<ModuleItem<?>, Component> messages = new LinkedHashMap<>();
		for (ModuleItem<?> item : module.getInfo().inputs()) {
			if (item.getVisibility() == ItemVisibility.MESSAGE) {
				dialog.addMessage(String.valueOf(item.getValue(module)));
				messages.put(item, dialog.getMessage());
			}
			else if (add(dialog, item, item.getValue(module))) {
				asked.add(item);
				if (dialog.getChoices() != null && dialog.getChoices().size() > choices.size())
					choices.put((Choice) dialog.getChoices().lastElement(), item);
			}
		}
		// AWT listeners, not a DialogListener: with one, ImageJ stops recording when OK is pressed, racing the reads
		for (var choice : choices.entrySet())
			choice.getKey()
				.addItemListener(event -> chosen(dialog, module, choice.getValue(), choice.getKey(), messages));
		dialog.addHelp(HELP);
		dialog.showDialog();
		if (dialog.wasCanceled()) return false;
		for (ModuleItem<?> item : asked) {
			Object value = read(dialog, item, choices.containsValue(item));
			// a macro without an image or model key leaves it unset (an error that names it, or Model Info's list of
			// the models), not the first open image or model that the drop-down shows
			if (macroOptions != null && (isImageOrPath(item) || isModel(item)) &&
				Macro.getValue(macroOptions, key(item.getName()), null) == null) value = null;
			module.setInput(item.getName(), value);
			module.resolveInput(item.getName());
		}
		if (!dialog.invalidNumber()) return true;
		IJ.error(title, dialog.getErrorMessage());
		return false;
	}

	/**
	 * A choice changed: a browse item ({@link UNetSegment#FROM_FILE}, or an image key's {@link ImageOrPath#FOLDER}
	 * or {@link ImageOrPath#FILE_OR_FOLDER}) asks for a path and puts it into the list; the item's callback runs and
	 * the messages show what it set (e.g. the chosen model's description).
	 */
	private static void chosen(GenericDialog dialog, Module module, ModuleItem<?> item, Choice choice,
		Map<ModuleItem<?>, Component> messages)
	{
		String selected = choice.getSelectedItem();
		if (UNetSegment.FROM_FILE.equals(selected) || ImageOrPath.isBrowse(selected)) {
			String path = browse(key(item.getName()), selected);
			if (path == null) choice.select(0);
			else {
				choice.insert(path, choice.getItemCount() - 1);
				choice.select(path);
			}
		}
		module.setInput(item.getName(), choice.getSelectedItem());
		try {
			item.callback(module);
		}
		catch (MethodCallException e) {
			IJ.log(item.getName() + ": " + e.getMessage());
		}
		for (var message : messages.entrySet()) {
			String text = String.valueOf(message.getKey().getValue(module));
			if (message.getValue() instanceof MultiLineLabel label) label.setText(text);
			else if (message.getValue() instanceof Label label) label.setText(text);
		}
		dialog.pack();
	}

	/** The path of what a browse item asks for, chosen by the user, or null. */
	private static String browse(String key, String item) {
		JFileChooser chooser = new JFileChooser(IJ.getDirectory("imagej"));
		if (UNetSegment.FROM_FILE.equals(item)) {
			chooser.setDialogTitle("A U-Net model: its folder (holding rdf.yaml) or its .zip");
			chooser.setFileSelectionMode(JFileChooser.FILES_AND_DIRECTORIES);
			chooser.setFileFilter(new FileNameExtensionFilter("model folders and .zip files", "zip"));
		}
		else {
			boolean folder = ImageOrPath.FOLDER.equals(item);
			chooser.setDialogTitle(key + ": " + (folder ? "a folder" : "a file or a folder"));
			chooser.setFileSelectionMode(folder ? JFileChooser.DIRECTORIES_ONLY : JFileChooser.FILES_AND_DIRECTORIES);
		}
		return chooser.showOpenDialog(null) == JFileChooser.APPROVE_OPTION ? chooser.getSelectedFile().getPath() : null;
	}

	private static boolean isChoice(ModuleItem<?> item) {
		return item.getType() == String.class && item.getChoices() != null && !item.getChoices().isEmpty();
	}

	/**
	 * A drop-down of values that ends with a browse item, showing {@code value} (put before the browse item where it is
	 * not listed) or else the first.
	 */
	private static void addBrowseChoice(GenericDialog dialog, String key, List<String> choices, String value) {
		if (!value.isEmpty() && !choices.contains(value)) choices.add(choices.size() - 1, value);
		dialog.addChoice(key, choices.toArray(String[]::new), value.isEmpty() ? choices.get(0) : value);
	}

	/** Whether the parameter is a model key: an installed model's name, or a path ({@link ModelFolder}). */
	private static boolean isModel(ModuleItem<?> item) {
		return item.getType() == String.class && ModelFolder.STYLE.equals(item.getWidgetStyle());
	}

	/** Whether the parameter is an image key: an open image's title, or a path ({@link ImageOrPath}). */
	private static boolean isImageOrPath(ModuleItem<?> item) {
		return item.getType() == String.class && ImageOrPath.isBrowse(item.getWidgetStyle());
	}

	/** Adds a field for a parameter of a type a dialog can ask for; false for other inputs (services, images). */
	private static boolean add(GenericDialog dialog, ModuleItem<?> item, Object value) {
		Class<?> type = item.getType();
		String key = key(item.getName());
		String text = value == null ? "" : value.toString();
		if (isChoice(item)) {
			List<?> choices = item.getChoices();
			String[] items = choices.toArray(String[]::new);
			dialog.addChoice(key, items, choices.contains(value) ? (String) value : items[0]);
		}
		else if (isImageOrPath(item) && WindowManager.getImageCount() > 0)
			addBrowseChoice(dialog, key, ImageOrPath.choices(item.getWidgetStyle()), text);
		else if (isModel(item) && ModelFolder.choices().size() > 1)
			addBrowseChoice(dialog, key, ModelFolder.choices(), text);
		else if (isImageOrPath(item) && ImageOrPath.FOLDER.equals(item.getWidgetStyle()))
			dialog.addDirectoryField(key, text, 25);
		else if (isImageOrPath(item)) dialog.addFileField(key, text, 25);
		else if (type == String.class) dialog.addStringField(key, text, 25);
		else if (type == File.class) {
			if (FileWidget.DIRECTORY_STYLE.equals(item.getWidgetStyle())) dialog.addDirectoryField(key, text, 25);
			else dialog.addFileField(key, text, 25);
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

	private static Object read(GenericDialog dialog, ModuleItem<?> item, boolean asChoice) {
		Class<?> type = item.getType();
		if (asChoice) return dialog.getNextChoice().strip();
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
